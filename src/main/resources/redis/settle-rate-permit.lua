-- The provider call of a permit ended now: the permit returns one window from now. A permit
-- already settled, or gone, stays as it is.
-- KEYS[1] the log; ARGV[1] the permit's ticket
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) > now then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
end
return 0
