-- The global budget as a sliding log: one sorted-set member per permit spent, scored by Redis's
-- own clock in microseconds. A permit returns exactly one window after it was spent.
-- KEYS[1] the log, KEYS[2] a counter making members unique
-- ARGV[1] limit, ARGV[2] window in ms, ARGV[3] '1' to spend a permit, '0' only to look
-- returns {granted (1/0), remaining, ms until the oldest spent permit returns}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2]) * 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local spent = redis.call('ZCARD', KEYS[1])
local granted = 0
if ARGV[3] == '1' and spent < limit then
  local unique = redis.call('INCR', KEYS[2])
  redis.call('ZADD', KEYS[1], now, now .. '-' .. unique)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  spent = spent + 1
  granted = 1
end
local reset = 0
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then
  reset = math.ceil((tonumber(oldest[2]) + window - now) / 1000)
end
return {granted, limit - spent, reset}
