-- Sends and verifications of a subject within the window, by Redis's clock: the buckets (see
-- fraud-sent.lua) whose slice of time began within the last 24 bucket widths. Reads only.
-- KEYS[1] the subject's tally
-- returns {sent, verified}
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then
  return {0, 0}
end
local tally = {}
for i = 1, #fields, 2 do
  tally[fields[i]] = tonumber(fields[i + 1])
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local buckets = 24
local width = tally['width']
local oldest = (math.floor(now / width) - buckets + 1) * width
local sent = 0
local verified = 0
for i = 0, buckets - 1 do
  local start = tally['start' .. i]
  if start and start >= oldest and start <= now then
    sent = sent + (tally['sent' .. i] or 0)
    verified = verified + (tally['verified' .. i] or 0)
  end
end
return {sent, verified}
