-- A send met a block (fraud-screen.lua): the block holds until the end that answered, or later if
-- renewed since, as long as it is still there (a lifted block stays lifted).
-- KEYS[1] the blocks, KEYS[2] their ends; ARGV[1] the subject's keyed hash, ARGV[2] the end, ms
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ends = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]))
local renewed = tonumber(ARGV[2])
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 or (ends and ends >= renewed) then
  return 0
end
redis.call('ZADD', KEYS[2], renewed, ARGV[1])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
local ttl = math.max(1, tonumber(last[2]) - now)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return 1
