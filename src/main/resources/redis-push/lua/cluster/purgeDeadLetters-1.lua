-- purgeDeadLetters, cluster layout: purgeDeadLetters-1.lua without the DEL of the values (other slots): it
-- returns their keys, and the caller deletes them (plain, routed) once their entries are gone. A crash in between
-- leaves a value no list names: never sent, only taking space.
-- KEYS[1] dead-letter list
-- ARGV[1] the key to purge, or '' for every entry
-- returns {number of entries removed, key1, key2...} (the keys whose values are to go)
local purged = {0}
for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local ok, decoded = pcall(cjson.decode, entry)
  local key = ok and type(decoded) == 'table' and decoded['key'] or nil
  if ARGV[1] == '' or key == ARGV[1] then
    redis.call('LREM', KEYS[1], 1, entry)
    if key then
      table.insert(purged, key)
    end
    purged[1] = purged[1] + 1
  end
end
return purged
