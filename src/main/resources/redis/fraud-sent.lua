-- A send accepted for delivery, unverified: remembered for the window under its sid and as its
-- receiver's latest send, and counted as sent in the tally of each of its subjects.
-- A tally is a hash of 24 buckets as SlidingTally keeps them: 'width' (ms, fixed when the tally is
-- made), and per bucket i 'start'i, 'sent'i, 'verified'i; a bucket that last held an older slice of
-- time is emptied before use. Bounded whatever the traffic, at the price of an edge a bucket wide.
-- KEYS[1] the send (keyed hash of its sid), KEYS[2] the receiver's latest send (keyed hash of the
-- receiver), KEYS[3..] the tally of each subject (keyed hash of the subject)
-- ARGV[1] window ms, ARGV[2] the subjects as a JSON array (handed back by fraud-verify.lua)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = math.max(1, tonumber(ARGV[1]))
local buckets = 24
local tallies = {}
for i = 3, #KEYS do
  tallies[#tallies + 1] = KEYS[i]
end
-- a sid told twice is one send, the latest
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'at', now, 'verified', 0, 'subjects', ARGV[2], 'tallies', cjson.encode(tallies))
redis.call('PEXPIRE', KEYS[1], window)
redis.call('SET', KEYS[2], KEYS[1], 'PX', window)
for _, tally in ipairs(tallies) do
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
end
return 1
