-- Blocks a subject, by Redis's clock: for the base length doubled for each earlier block of it
-- within the memory of strikes, at most the longest; a subject blocked already keeps its block.
-- Blocks live in one hash (subject's keyed hash -> block JSON) beside a sorted set of their ends;
-- both expire with the last block, and ended blocks are dropped here and by fraud-blocks-list.lua.
-- KEYS[1] the blocks, KEYS[2] their ends, KEYS[3] the subject's strikes
-- ARGV[1] the subject's keyed hash, ARGV[2] the block as JSON (subject, shown, rule, evidence),
-- ARGV[3] base ms, ARGV[4] longest ms, ARGV[5] how long strikes are remembered, ms
-- returns {block JSON with since, strikes and length, until ms}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ends = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]))
if ends and ends > now then
  return {redis.call('HGET', KEYS[1], ARGV[1]), ends}
end
local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for i = 1, #gone, 500 do
  redis.call('HDEL', KEYS[1], unpack(gone, i, math.min(i + 499, #gone)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local strike = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[5])
local length = math.max(0, math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ math.min(strike - 1, 30)))
local block = cjson.decode(ARGV[2])
block['since'] = now
block['strikes'] = strike
block['length'] = length
local json = cjson.encode(block)
redis.call('HSET', KEYS[1], ARGV[1], json)
redis.call('ZADD', KEYS[2], now + length, ARGV[1])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
local ttl = math.max(1, tonumber(last[2]) - now)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return {json, now + length}
