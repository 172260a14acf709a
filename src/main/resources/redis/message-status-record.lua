-- A status reported for a message: its origin fields kept where not known yet, the change appended
-- to its history (the latest ARGV[6] kept), both keys expiring ARGV[1] ms after this change.
-- KEYS[1] the message (a hash: sid, provider, country, receiver, callback), KEYS[2] its history (a list of JSON)
-- ARGV[1] ttl ms, ARGV[2] sid, ARGV[3] provider, ARGV[4] country, ARGV[5] masked receiver ('' for
-- unknown), ARGV[6] history kept at most, ARGV[7] the change as JSON, ARGV[8] the client's
-- statusCallback URL ('' for none; a field value, never part of a key)
-- Answers the origin as it stands: provider, country, receiver, callback ('' for unknown).
redis.call('HSETNX', KEYS[1], 'sid', ARGV[2])
local fields = {'provider', 'country', 'receiver'}
for i, field in ipairs(fields) do
  if ARGV[i + 2] ~= '' then
    redis.call('HSETNX', KEYS[1], field, ARGV[i + 2])
  end
end
if ARGV[8] and ARGV[8] ~= '' then
  redis.call('HSETNX', KEYS[1], 'callback', ARGV[8])
end
redis.call('RPUSH', KEYS[2], ARGV[7])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[6]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
local origin = redis.call('HMGET', KEYS[1], 'provider', 'country', 'receiver', 'callback')
for i = 1, 4 do
  if not origin[i] then
    origin[i] = ''
  end
end
return origin
