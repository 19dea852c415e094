-- requeueDeadLetters, cluster layout: requeueDeadLetters-3.lua for a Redis Cluster, where a script may not ask
-- whether a message key still has its value (another slot). The caller reads the list, asks EXISTS of each key
-- (plain, routed), and passes the keys that have a value; an entry whose key is not among them is only removed.
-- KEYS[1] dead-letter list
-- KEYS[2] push queue (list)
-- KEYS[3] attempts (hash)
-- ARGV[1] the key to requeue, or '' for every entry
-- ARGV[2], ARGV[3]... the keys whose value exists
-- returns {requeued, removedWithoutValue}
local withValue = {}
for i = 2, #ARGV do
  withValue[ARGV[i]] = true
end
local requeued, withoutValue = 0, 0
for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local ok, decoded = pcall(cjson.decode, entry)
  local key = ok and type(decoded) == 'table' and decoded['key'] or nil
  if key and (ARGV[1] == '' or key == ARGV[1]) then
    redis.call('LREM', KEYS[1], 1, entry)
    if withValue[key] then
      redis.call('HDEL', KEYS[3], key)
      redis.call('LPUSH', KEYS[2], key)
      requeued = requeued + 1
    else
      withoutValue = withoutValue + 1
    end
  end
end
return {requeued, withoutValue}
