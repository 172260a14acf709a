-- The balance circuit every instance reads: set with its expiry in one step, so a silent poller
-- cannot leave a stale verdict behind for ever.
-- KEYS[1] the circuit, ARGV[1] '1' open / '0' closed, ARGV[2] the reason, ARGV[3] ttl ms
redis.call('HSET', KEYS[1], 'open', ARGV[1], 'reason', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
