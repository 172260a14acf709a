-- The code of a recent send was used: that send is counted as verified, once, in the tallies of its
-- subjects, in the bucket of the send itself, so that both leave the window together.
-- The send is found by its sid, or through its receiver's latest send; its tallies are the keys it
-- names (written by fraud-sent.lua, all under the same prefix): one Redis, not a cluster.
-- KEYS[1] the send (keyed hash of its sid), or the receiver's latest send
-- ARGV[1] 'sid' or 'receiver'
-- returns {0} no such recent send, {1, subjects JSON} verified now, {2, subjects JSON} verified before
local send = KEYS[1]
if ARGV[1] == 'receiver' then
  send = redis.call('GET', KEYS[1])
  if not send then
    return {0}
  end
end
local record = redis.call('HMGET', send, 'at', 'verified', 'subjects', 'tallies')
if not record[1] then
  return {0}
end
if record[2] == '1' then
  return {2, record[3]}
end
redis.call('HSET', send, 'verified', 1)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local at = tonumber(record[1])
local buckets = 24
for _, tally in ipairs(cjson.decode(record[4])) do
  -- a tally gone (expired) counts nothing, as in memory
  local width = tonumber(redis.call('HGET', tally, 'width'))
  if width and at > now - buckets * width then
    local slot = math.floor(at / width)
    local index = slot % buckets
    local start = slot * width
    if tonumber(redis.call('HGET', tally, 'start' .. index)) ~= start then
      redis.call('HSET', tally, 'start' .. index, start, 'sent' .. index, 0, 'verified' .. index, 0)
    end
    redis.call('HINCRBY', tally, 'verified' .. index, 1)
  end
end
return {1, record[3]}
