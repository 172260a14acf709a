-- A counted send the provider accepted (see fraud-count.lua): remembered for the window under its
-- sid and as its receiver's latest send, so that a verification finds it and its tallies.
-- KEYS[1] the send (keyed hash of its sid), KEYS[2] the receiver's latest send (keyed hash of the
-- receiver), KEYS[3..] the tally of each subject (keyed hash of the subject)
-- ARGV[1] window ms, ARGV[2] the subjects as a JSON array (handed back by fraud-verify.lua),
-- ARGV[3] when it was counted (Redis's ms, as fraud-count.lua answered)
local window = math.max(1, tonumber(ARGV[1]))
local tallies = {}
for i = 3, #KEYS do
  tallies[#tallies + 1] = KEYS[i]
end
-- a sid told twice is one send, the latest
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'at', ARGV[3], 'verified', 0, 'subjects', ARGV[2], 'tallies', cjson.encode(tallies))
redis.call('PEXPIRE', KEYS[1], window)
redis.call('SET', KEYS[2], KEYS[1], 'PX', window)
return 1
