-- The overrides in force among the subjects, in their order (see fraud-override-write.lua). With
-- ARGV[1] '1' all of them, ended ones dropped first, for the operator. Renews the keys' expiry when
-- less than half of what the overrides need is left, so a read writes once in a while at most.
-- KEYS[1] the overrides, KEYS[2] their ends
-- ARGV[1] '1' for all, '0' for the subjects, ARGV[2] horizon ms, ARGV[3..] the subjects' keyed hashes
-- returns the overrides as JSON
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local answer = {}
if ARGV[1] == '1' then
  local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
  for i = 1, #gone, 500 do
    redis.call('HDEL', KEYS[1], unpack(gone, i, math.min(i + 499, #gone)))
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  answer = redis.call('HVALS', KEYS[1])
else
  for i = 3, #ARGV do
    local ends = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[i]))
    if ends and ends > now then
      answer[#answer + 1] = redis.call('HGET', KEYS[1], ARGV[i])
    end
  end
end
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if last[2] then
  local needed = math.max(1, math.min(tonumber(last[2]) - now, tonumber(ARGV[2])))
  if redis.call('PTTL', KEYS[1]) < needed / 2 then
    redis.call('PEXPIRE', KEYS[1], needed)
    redis.call('PEXPIRE', KEYS[2], needed)
  end
end
return answer
