-- KEYS[1] the agent's lease; ARGV[1] "node|fence" of the lease to give up
-- Returns 1 when it was held and is deleted, else 0 (it lapsed, maybe another node holds it now).
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
