-- A send counted by fraud-count.lua that did not go out after all: taken back from its bucket in
-- each tally, while that bucket still holds the slice of time it was counted in.
-- KEYS[1..] the tally of each subject; ARGV[1] when it was counted (as fraud-count.lua answered)
local at = tonumber(ARGV[1])
for _, tally in ipairs(KEYS) do
  local width = tonumber(redis.call('HGET', tally, 'width'))
  if width then
    local slot = math.floor(at / width)
    local index = slot % 24
    local fields = redis.call('HMGET', tally, 'start' .. index, 'sent' .. index)
    if tonumber(fields[1]) == slot * width and (tonumber(fields[2]) or 0) > 0 then
      redis.call('HINCRBY', tally, 'sent' .. index, -1)
    end
  end
end
return 1
