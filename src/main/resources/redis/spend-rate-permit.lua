-- The global budget as a sliding log: one sorted-set member per permit, scored by Redis's own clock
-- in microseconds. A permit counts from its spend until one window after the provider call ended
-- (settle-rate-permit.lua); while the call is under way its score lies ahead, at the moment it
-- counts as settled if its instance never says so.
-- KEYS[1] the log, KEYS[2] a counter making members unique
-- ARGV[1] limit, ARGV[2] window in ms, ARGV[3] '1' to spend a permit, '0' only to look,
-- ARGV[4] in-flight bound in ms
-- returns {granted (1/0), remaining, ms until the oldest permit returns, the permit's ticket or ''}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2]) * 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local spent = redis.call('ZCARD', KEYS[1])
local granted = 0
local ticket = ''
if ARGV[3] == '1' and spent < limit then
  ticket = now .. '-' .. redis.call('INCR', KEYS[2])
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]) * 1000, ticket)
  local ttl = tonumber(ARGV[2]) + tonumber(ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  spent = spent + 1
  granted = 1
end
local reset = 0
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then
  reset = math.ceil((math.min(tonumber(oldest[2]), now) + window - now) / 1000)
end
return {granted, limit - spent, reset, ticket}
