-- Adjacent-number velocity: the distinct receivers of one prefix within the window, by Redis's own
-- clock. A sorted set per prefix, a member per receiver (its keyed hash, never the number) scored by
-- when it was last seen; members older than the window are dropped, and a new receiver is added only
-- below the cap, so an attacker spraying a prefix cannot grow the set past it.
-- KEYS[1] the prefix's receivers
-- ARGV[1] the receiver's keyed hash, ARGV[2] window ms, ARGV[3] cap
-- returns the distinct receivers now, at most the cap
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = math.max(1, tonumber(ARGV[2]))
local cap = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - window))
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < cap then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
end
local seen = redis.call('ZCARD', KEYS[1])
if seen > 0 then
  redis.call('PEXPIRE', KEYS[1], window)
end
return seen
