-- The adjacent rule's evidence in one round trip: fraud-distinct-receivers.lua, then, only when the
-- receivers reach the cap (the rule's threshold passed), the prefix's tally as fraud-tally.lua reads
-- it, for the rule to spare a prefix whose receivers verify. The same steps, the same keys.
-- KEYS[1] the prefix's receivers, KEYS[2] the prefix's tally
-- ARGV[1] the receiver's keyed hash, ARGV[2] window ms, ARGV[3] cap
-- returns {distinct receivers now (at most the cap), sent, verified}; sent and verified -1 when not read
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = math.max(1, tonumber(ARGV[2]))
local cap = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - window))
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < cap then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
end
local seen = redis.call('ZCARD', KEYS[1])
if seen > 0 then
  redis.call('PEXPIRE', KEYS[1], window)
end
if seen < cap then
  return {seen, -1, -1}
end
-- the tally: the buckets whose slice of time began within the last 24 bucket widths
local fields = redis.call('HGETALL', KEYS[2])
if #fields == 0 then
  return {seen, 0, 0}
end
local tally = {}
for i = 1, #fields, 2 do
  tally[fields[i]] = tonumber(fields[i + 1])
end
local width = tally['width']
local oldest = (math.floor(now / width) - 23) * width
local sent = 0
local verified = 0
for i = 0, 23 do
  local start = tally['start' .. i]
  if start and start >= oldest and start <= now then
    sent = sent + (tally['sent' .. i] or 0)
    verified = verified + (tally['verified' .. i] or 0)
  end
end
return {seen, sent, verified}
