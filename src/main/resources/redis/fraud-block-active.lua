-- The first block in force among the subjects, in their order, renewed: it holds at least one length
-- from now, as long as its traffic goes on. Ended blocks met on the way are dropped.
-- KEYS[1] the blocks, KEYS[2] their ends (see fraud-block-place.lua)
-- ARGV[1..] the subjects' keyed hashes
-- returns {block JSON, until ms}, or {} when none is in force
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
for _, subject in ipairs(ARGV) do
  local ends = tonumber(redis.call('ZSCORE', KEYS[2], subject))
  if ends and ends > now then
    local json = redis.call('HGET', KEYS[1], subject)
    local renewed = now + cjson.decode(json)['length']
    if renewed > ends then
      ends = renewed
      redis.call('ZADD', KEYS[2], ends, subject)
      local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
      local ttl = math.max(1, tonumber(last[2]) - now)
      redis.call('PEXPIRE', KEYS[1], ttl)
      redis.call('PEXPIRE', KEYS[2], ttl)
    end
    return {json, ends}
  end
  if ends then
    redis.call('HDEL', KEYS[1], subject)
    redis.call('ZREM', KEYS[2], subject)
  end
end
return {}
