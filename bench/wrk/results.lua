-- What every wrk script of the benchmark shares: per-thread status counts, summed at the end into
-- one machine-readable line,
--   WRKRESULT requests=<n> status_2xx=<n> status_other=<n> errors=<n> errors_connect=<n>
--             errors_read=<n> errors_write=<n> errors_timeout=<n> errors_status=<n>
--             duration_s=<s> p50_ms=<ms> p99_ms=<ms>
-- (errors = the socket errors: connect + read + write + timeout). A script loads it with
--   dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "<relative path>/results.lua")
-- and defines request() itself.

local threads = {}
local next_id = 0

-- each wrk thread gets a number (tid) and is remembered for done()
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- per thread: each wrk thread has its own Lua state
ok2xx = 0
other = 0

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
    "WRKRESULT requests=%d status_2xx=%d status_other=%d errors=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d errors_status=%d duration_s=%.3f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, a, o, e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout, e.status,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
