-- The per-number exponential delay, by Redis's own clock. State: n, the sends released, and t, the
-- last release in ms (reserved, possibly ahead). After more than the reset window of quiet since
-- t the schedule restarts; send n+1 is released at max(now, t + base * 2^(n-1)); a release later
-- than the longest wait is refused and reserves nothing.
-- KEYS[1] the number's schedule
-- ARGV[1] base ms, ARGV[2] longest wait ms, ARGV[3] reset window ms, ARGV[4] '1' to reserve,
-- '0' only to look
-- returns {granted (1/0), ms until the release}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local base = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local reset = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'n', 't')
local released = tonumber(state[1]) or 0
local last = tonumber(state[2]) or 0
if released > 0 and now - last > reset then
  released = 0
end
local release = now
if released > 0 then
  release = math.max(now, math.floor(last + base * 2 ^ math.min(released - 1, 40)))
end
local wait = release - now
if wait > max_wait then
  return {0, wait}
end
if ARGV[4] == '0' then
  return {1, wait}
end
redis.call('HSET', KEYS[1], 'n', released + 1, 't', release)
redis.call('PEXPIRE', KEYS[1], wait + reset)
return {1, wait}
