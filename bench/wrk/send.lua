-- wrk script: one SMS per request, each to a distinct receiver +447<PHASE><thread><counter:7>.
--   TARGET=gateway (default): POST /send with the gateway's JSON
--   TARGET=direct: POST Twilio's form straight at the stand-in's Messages.json
-- PHASE (a digit) keeps the receivers of successive runs apart. RATE (requests/s in all, with
-- THREADS = wrk's -t) paces the requests on a fixed schedule instead of as fast as answers come;
-- give enough connections that none waits for an answer past its next slot. At the end it prints
-- the WRKRESULT line of results.lua.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "results.lua")

local target = os.getenv("TARGET") or "gateway"
local phase = tonumber(os.getenv("PHASE") or "0") % 10
local counter = 0

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
