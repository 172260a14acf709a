-- Claims an Idempotency-Key (the key's name holds only its keyed hash). A hash: d, the request's
-- body digest (keyed hash); t, the token of the claim in flight; a, the answer once stored.
-- KEYS[1] the key, ARGV[1] digest, ARGV[2] a new claim's token, ARGV[3] TTL ms from the claim
-- returns {'claimed'}, {'mismatch'}, {'in-flight'} or {'replay', answer}
local entry = redis.call('HMGET', KEYS[1], 'd', 'a')
if entry[1] == false then
  redis.call('HSET', KEYS[1], 'd', ARGV[1], 't', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'claimed'}
end
if entry[1] ~= ARGV[1] then
  return {'mismatch'}
end
if entry[2] == false then
  return {'in-flight'}
end
return {'replay', entry[2]}
