-- wrk script: one SMS per request, each to a distinct receiver +447<PHASE><thread><counter:7>.
--   TARGET=gateway (default): POST /send with the gateway's JSON
--   TARGET=direct: POST Twilio's form straight at the stand-in's Messages.json
-- PHASE (a digit) keeps the receivers of successive runs apart. RATE (requests/s in all, with
-- THREADS = wrk's -t) paces the requests on a fixed schedule instead of as fast as answers come;
-- give enough connections that none waits for an answer past its next slot. At the end it prints:
--   WRKRESULT requests=<n> status_2xx=<n> status_other=<n> errors=<n> duration_s=<s> p50_ms=<ms> p99_ms=<ms>

local target = os.getenv("TARGET") or "gateway"
local phase = tonumber(os.getenv("PHASE") or "0") % 10
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local counter = 0
ok2xx = 0
other = 0

function request()
  counter = counter + 1
  local to = string.format("+447%d%d%07d", phase, tid % 10, counter % 10000000)
  if target == "direct" then
    return wrk.format("POST", "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json",
      {["Content-Type"] = "application/x-www-form-urlencoded"},
      "To=%2B" .. to:sub(2) .. "&From=Bench&Body=Your+code+is+123456")
  end
  return wrk.format("POST", "/send", {["Content-Type"] = "application/json"},
    '{"sender":"Bench","receiver":"' .. to .. '","body":"Your code is 123456"}')
end

local rate = tonumber(os.getenv("RATE") or "")
if rate then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *now);
  ]]
  local now = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
  end
  local interval = tonumber(os.getenv("THREADS") or "1") * 1000 / rate
  local next_slot = nil
  -- each call takes this thread's next slot: the wait until it comes
  function delay()
    local t = now_ms()
    next_slot = next_slot or t
    local slot = next_slot
    next_slot = next_slot + interval
    return math.max(0, slot - t)
  end
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok2xx = ok2xx + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local a, o = 0, 0
  for _, t in ipairs(threads) do
    a = a + (t:get("ok2xx") or 0)
    o = o + (t:get("other") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "WRKRESULT requests=%d status_2xx=%d status_other=%d errors=%d duration_s=%.3f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, a, o, e.connect + e.read + e.write + e.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
