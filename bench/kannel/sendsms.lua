-- wrk script: drives Kannel smsbox's sendsms HTTP interface (GET /cgi-bin/sendsms).
-- Each request goes to a distinct receiver (+44 7<thread:2><counter:7>), with a short,
-- URL-encoded text. Credentials come from the environment (KANNEL_SENDSMS_USER/PASSWORD).
-- At the end it prints one machine-readable line:
--   WRKRESULT requests=<n> status_2xx=<n> status_other=<n> errors_connect=<n> errors_read=<n>
--             errors_write=<n> errors_timeout=<n> duration_s=<s> p50_ms=<ms> p99_ms=<ms>
-- (status_2xx is counted in response(), per thread, and summed in done()).

local user = os.getenv("KANNEL_SENDSMS_USER") or "bench"
local pass = os.getenv("KANNEL_SENDSMS_PASSWORD") or "bench"
local sender = os.getenv("KANNEL_SENDER") or "MyShop"

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- per-thread state (each wrk thread has its own Lua state)
local counter = 0
local prefix
ok2xx = 0
other = 0

function init(args)
  prefix = "/cgi-bin/sendsms?username=" .. urlencode(user) .. "&password=" .. urlencode(pass)
    .. "&from=" .. urlencode(sender) .. "&to="
end

function request()
  counter = counter + 1
  local to = string.format("+447%02d%07d", tid % 100, counter % 10000000)
  local text = "Your code is " .. string.format("%06d", counter % 1000000)
  return wrk.format("GET", prefix .. urlencode(to) .. "&text=" .. urlencode(text))
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok2xx = ok2xx + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local a, o = 0, 0
  for _, t in ipairs(threads) do
    a = a + (t:get("ok2xx") or 0)
    o = o + (t:get("other") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "WRKRESULT requests=%d status_2xx=%d status_other=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d errors_status=%d duration_s=%.3f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, a, o, e.connect, e.read, e.write, e.timeout, e.status,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
