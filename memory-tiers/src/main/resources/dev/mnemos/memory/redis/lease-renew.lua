-- KEYS[1] the agent's lease; ARGV[1] "node|fence" of the lease to renew; ARGV[2] time to live in ms
-- Returns 1 when the lease was still held and is extended, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
