-- requeueDeadLetters: an operator sends dead-lettered keys round again (after fixing the provider, say).
-- Each matching entry leaves the dead-letter list; its key goes back on the push queue with a fresh attempt count
-- if its value is still there (dead-lettering keeps it), and is only dropped from the list if not.
-- KEYS[1] dead-letter list
-- KEYS[2] push queue (list)
-- KEYS[3] attempts (hash)
-- ARGV[1] the key to requeue, or '' for every entry
-- returns {requeued, removedWithoutValue}
local requeued, withoutValue = 0, 0
for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local ok, decoded = pcall(cjson.decode, entry)
  local key = ok and type(decoded) == 'table' and decoded['key'] or nil
  if key and (ARGV[1] == '' or key == ARGV[1]) then
    redis.call('LREM', KEYS[1], 1, entry)
    if redis.call('EXISTS', key) == 1 then
      redis.call('HDEL', KEYS[3], key)
      redis.call('LPUSH', KEYS[2], key)
      requeued = requeued + 1
    else
      withoutValue = withoutValue + 1
    end
  end
end
return {requeued, withoutValue}
