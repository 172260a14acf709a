-- Every block in force, for the operator: ended ones dropped first.
-- KEYS[1] the blocks, KEYS[2] their ends (see fraud-block-place.lua)
-- returns {block JSON, until ms, block JSON, until ms, ...}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for i = 1, #gone, 500 do
  redis.call('HDEL', KEYS[1], unpack(gone, i, math.min(i + 499, #gone)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local live = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local answer = {}
for i = 1, #live, 2 do
  answer[#answer + 1] = redis.call('HGET', KEYS[1], live[i])
  answer[#answer + 1] = tonumber(live[i + 1])
end
return answer
