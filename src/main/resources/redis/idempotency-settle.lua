-- Settles the claim of an Idempotency-Key, if this request still holds it: stores its answer, or
-- with an empty answer releases the key. The key's TTL still runs from its claim.
-- KEYS[1] the key, ARGV[1] the claim's token, ARGV[2] the answer, or '' to release
-- returns 1 when settled, 0 when the claim was not (or no longer) held
if redis.call('HGET', KEYS[1], 't') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'a') == 1 then
  return 0
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  return 1
end
redis.call('HSET', KEYS[1], 'a', ARGV[2])
redis.call('HDEL', KEYS[1], 't')
return 1
