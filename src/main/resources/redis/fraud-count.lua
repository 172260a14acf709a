-- One more unverified send for each subject, counted before the send goes out, so that sends racing
-- each other (on every instance) see distinct counts and a budget lets through exactly its size.
-- A tally is a hash of 24 buckets as SlidingTally keeps them: 'width' (ms, fixed when the tally is
-- made), and per bucket i 'start'i, 'sent'i, 'verified'i; a bucket that last held an older slice of
-- time is emptied before use. Bounded whatever the traffic, at the price of an edge a bucket wide.
-- KEYS[1..] the tally of each subject (keyed hash of the subject)
-- ARGV[1] window ms
-- returns {now, sent 1, verified 1, sent 2, verified 2, ...}: each tally with this send in it
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = math.max(1, tonumber(ARGV[1]))
local buckets = 24
local answer = {now}
for _, tally in ipairs(KEYS) do
  redis.call('HSETNX', tally, 'width', math.max(1, math.floor(window / buckets)))
  local width = tonumber(redis.call('HGET', tally, 'width'))
  local slot = math.floor(now / width)
  local index = slot % buckets
  local start = slot * width
  if tonumber(redis.call('HGET', tally, 'start' .. index)) ~= start then
    redis.call('HSET', tally, 'start' .. index, start, 'sent' .. index, 0, 'verified' .. index, 0)
  end
  redis.call('HINCRBY', tally, 'sent' .. index, 1)
  -- kept one window past its latest send: by then every bucket has left the window
  if redis.call('PTTL', tally) < window then
    redis.call('PEXPIRE', tally, window)
  end
  local oldest = (slot - buckets + 1) * width
  -- the whole hash in one read (73 fields at most), not a read per bucket
  local fields = redis.call('HGETALL', tally)
  local held = {}
  for i = 1, #fields, 2 do
    held[fields[i]] = tonumber(fields[i + 1])
  end
  local sent = 0
  local verified = 0
  for i = 0, buckets - 1 do
    local began = held['start' .. i]
    if began and began >= oldest and began <= now then
      sent = sent + (held['sent' .. i] or 0)
      verified = verified + (held['verified' .. i] or 0)
    end
  end
  answer[#answer + 1] = sent
  answer[#answer + 1] = verified
end
return answer
