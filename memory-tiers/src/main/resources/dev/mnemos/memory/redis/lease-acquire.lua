-- KEYS[1] the agent's lease ("node|fence", expiring), KEYS[2] the agent's fence counter (never expires)
-- ARGV[1] the node, ARGV[2] the lease's time to live in milliseconds
-- Returns the fence of the node's lease, or false when another node holds the agent.
local current = redis.call('GET', KEYS[1])
if current then
  local node, fence = string.match(current, '^(.*)|(%d+)$')
  if node == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return tonumber(fence)
  end
  return false
end
-- A counter lost with Redis' data restarts from the clock in microseconds, above every fence it
-- handed out before (unless more than a million leases a second were taken), so that PostgreSQL
-- does not refuse every later commit as stale. Below 2^53, so Lua's numbers hold it exactly.
if redis.call('EXISTS', KEYS[2]) == 0 then
  local now = redis.call('TIME')
  redis.call('SET', KEYS[2], string.format('%d', now[1] * 1000000 + now[2]))
end
local fence = redis.call('INCR', KEYS[2])
-- %d: Lua would write a number this large as 1.7e+15
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. string.format('%d', fence), 'PX', ARGV[2])
return fence
