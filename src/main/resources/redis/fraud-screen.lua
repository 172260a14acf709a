-- What the fraud shield reads first for every send, in one round trip: the overrides in force among
-- the override subjects (as fraud-overrides.lua answers them, with its renewal of their keys) and
-- the first block in force among the block subjects (as fraud-block-active.lua finds it, ended ones
-- met on the way dropped). The block is not renewed here: the send that meets it does, through
-- fraud-block-renew.lua, with the end answered here.
-- KEYS[1] the overrides, KEYS[2] their ends, KEYS[3] the blocks, KEYS[4] their ends
-- ARGV[1] the overrides' horizon ms, ARGV[2] n, ARGV[3..2+n] the override subjects' keyed hashes,
-- ARGV[3+n..] the block subjects' keyed hashes
-- returns {overrides as JSON, block JSON or '', its end once renewed (ms) or 0}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local n = tonumber(ARGV[2])
local overrides = {}
for i = 3, 2 + n do
  local ends = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[i]))
  if ends and ends > now then
    overrides[#overrides + 1] = redis.call('HGET', KEYS[1], ARGV[i])
  end
end
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if last[2] then
  local needed = math.max(1, math.min(tonumber(last[2]) - now, tonumber(ARGV[1])))
  if redis.call('PTTL', KEYS[1]) < needed / 2 then
    redis.call('PEXPIRE', KEYS[1], needed)
    redis.call('PEXPIRE', KEYS[2], needed)
  end
end
for i = 3 + n, #ARGV do
  local subject = ARGV[i]
  local ends = tonumber(redis.call('ZSCORE', KEYS[4], subject))
  if ends and ends > now then
    local json = redis.call('HGET', KEYS[3], subject)
    return {overrides, json, math.max(ends, now + cjson.decode(json)['length'])}
  end
  if ends then
    redis.call('HDEL', KEYS[3], subject)
    redis.call('ZREM', KEYS[4], subject)
  end
end
return {overrides, '', 0}
