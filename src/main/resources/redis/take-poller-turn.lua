-- One balance poller for the fleet: the instance holding the lease keeps it, another takes it
-- only once it has expired.
-- KEYS[1] the lease, ARGV[1] this instance, ARGV[2] lease ms
-- returns 1 when this instance polls now
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
