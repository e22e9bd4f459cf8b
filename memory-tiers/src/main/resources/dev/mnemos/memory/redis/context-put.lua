-- KEYS[1] the agent's cached context; ARGV[1] its version, ARGV[2] the rendered text, ARGV[3] ttl in ms
-- Stores "version:text" unless a newer version is cached: a slow writer never replaces a newer window.
-- Returns 1 when stored, 0 when a newer version is there.
local current = redis.call('GET', KEYS[1])
if current then
  local version = tonumber(string.match(current, '^(%d+):'))
  if version and version > tonumber(ARGV[1]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'PX', ARGV[3])
return 1
