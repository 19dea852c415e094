-- purgeDeadLetters: an operator gives up on dead-lettered keys for good: their entries and their kept values go.
-- The values' keys are read from the entries, so they are not in KEYS: single Redis only (not Redis Cluster).
-- KEYS[1] dead-letter list
-- ARGV[1] the key to purge, or '' for every entry
-- returns the number of entries removed
local purged = 0
for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local ok, decoded = pcall(cjson.decode, entry)
  local key = ok and type(decoded) == 'table' and decoded['key'] or nil
  if ARGV[1] == '' or key == ARGV[1] then
    redis.call('LREM', KEYS[1], 1, entry)
    if key then
      redis.call('DEL', key)
    end
    purged = purged + 1
  end
end
return purged
