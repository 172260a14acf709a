-- A status reported for a message: its origin fields kept where not known yet, the change appended
-- to its history (the latest ARGV[6] kept), both keys expiring ARGV[1] ms after this change.
-- KEYS[1] the message (a hash: sid, provider, country, receiver, callback, requestId, failedOverFrom),
-- KEYS[2] its history (a list of JSON), KEYS[3] (given with a request id only) the index from the
-- keyed hash of the request id to the sid, set to this sid when the message carries that request id
-- ARGV[1] ttl ms, ARGV[2] sid, ARGV[3] provider, ARGV[4] country, ARGV[5] masked receiver ('' for
-- unknown), ARGV[6] history kept at most, ARGV[7] the change as JSON, ARGV[8] the client's
-- statusCallback URL ('' for none; a field value, never part of a key), ARGV[9] the send's request id,
-- ARGV[10] the provider the send failed over from ('' for none; field values, never part of a key)
-- Answers the origin as it stands: provider, country, receiver, callback, requestId, failedOverFrom
-- ('' for unknown).
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
if ARGV[9] and ARGV[9] ~= '' then
  redis.call('HSETNX', KEYS[1], 'requestId', ARGV[9])
end
if ARGV[10] and ARGV[10] ~= '' then
  redis.call('HSETNX', KEYS[1], 'failedOverFrom', ARGV[10])
end
redis.call('RPUSH', KEYS[2], ARGV[7])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[6]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
local origin = redis.call('HMGET', KEYS[1], 'provider', 'country', 'receiver', 'callback', 'requestId', 'failedOverFrom')
if KEYS[3] and origin[5] == ARGV[9] then
  redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[1])
end
for i = 1, 6 do
  if not origin[i] then
    origin[i] = ''
  end
end
return origin
