-- Lifts a subject's block now; its strikes stay remembered.
-- KEYS[1] the blocks, KEYS[2] their ends (see fraud-block-place.lua)
-- ARGV[1] the subject's keyed hash
-- returns 1 when a block in force was lifted
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ends = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]))
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if ends and ends > now then
  return 1
end
return 0
