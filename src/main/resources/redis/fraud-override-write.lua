-- The operator's overrides: one hash (subject's keyed hash -> override JSON) beside a sorted set of
-- their ends (an override without an end is scored at the far end of time, as given). Both keys
-- expire with the last override to end, but never later than the horizon from now: an override
-- without an end is kept as long as the overrides are consulted (every send does, and
-- fraud-overrides.lua renews them), or written, within the horizon.
-- Puts one, replacing the subject's, or removes the subject's; ended ones are dropped either way.
-- KEYS[1] the overrides, KEYS[2] their ends
-- ARGV[1] 'put' or 'remove', ARGV[2] the subject's keyed hash, ARGV[3] horizon ms,
-- ARGV[4] the override as JSON and ARGV[5] its end ms (put only)
-- returns 1 when put, or when an override in force was removed; 0 otherwise
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local answer = 1
if ARGV[1] == 'put' then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[2])
else
  local ends = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[2]))
  redis.call('HDEL', KEYS[1], ARGV[2])
  redis.call('ZREM', KEYS[2], ARGV[2])
  if not (ends and ends > now) then
    answer = 0
  end
end
local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for i = 1, #gone, 500 do
  redis.call('HDEL', KEYS[1], unpack(gone, i, math.min(i + 499, #gone)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if last[2] then
  local ttl = math.max(1, math.min(tonumber(last[2]) - now, tonumber(ARGV[3])))
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return answer
