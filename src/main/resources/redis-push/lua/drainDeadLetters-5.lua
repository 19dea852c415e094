-- drainDeadLetters: requeue-all or purge-all, one bounded chunk of the dead-letter list's tail (its oldest entries)
-- per call, so Redis answers everyone else between chunks; the caller repeats until the list is empty.
-- The entries' keys come from the entries, so they are not in KEYS: in the single layout (one server) this script
-- checks and deletes their values itself; in the cluster layout the caller passes, for the chunk it read, which
-- keys have a value, and deletes the purged values after. An entry whose key the caller did not look at (the tail
-- changed meanwhile) ends the chunk early.
-- KEYS[1] dead-letter list
-- KEYS[2] dead-letter index (hash: push key -> its newest entry)
-- KEYS[3] how many entries at the list's tail are indexed (string)
-- KEYS[4] push queue (list)
-- KEYS[5] attempts (hash)
-- ARGV[1] 'requeue' or 'purge'
-- ARGV[2] the most entries to take in this call
-- ARGV[3] the push key prefix (rabbit_push): only a key <prefix>_<uid>_<6 digits> is requeued or has its value deleted
-- ARGV[4] '' (single layout) or 'cluster'
-- ARGV[5], ARGV[6]... (cluster) pairs of a push key and '1' or '0': whether it has a value
-- returns {entries taken, requeued, removed without value, purged, not push keys, entries left,
--   then (cluster, purge) the push keys whose values the caller deletes}
--- @include "includes/deadLetterKey"
--- @include "includes/isPushKey"
local action, chunk, prefix, cluster = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4] == 'cluster'
local known = {}
for i = 5, #ARGV - 1, 2 do
  known[ARGV[i]] = ARGV[i + 1]
end
local taken, requeued, withoutValue, purged, notPushKeys = 0, 0, 0, 0, 0
local toDelete = {}
local entries = redis.call('LRANGE', KEYS[1], -chunk, -1)
for i = #entries, 1, -1 do
  local entry = entries[i]
  local key = deadLetterKey(entry)
  local pushKey = key ~= nil and isPushKey(key, prefix)
  if cluster and pushKey and known[key] == nil then
    break
  end
  redis.call('RPOP', KEYS[1])
  taken = taken + 1
  if key and redis.call('HGET', KEYS[2], key) == entry then
    redis.call('HDEL', KEYS[2], key)
  end
  if not pushKey then
    notPushKeys = notPushKeys + 1
  elseif action == 'purge' then
    if cluster then
      table.insert(toDelete, key)
    else
      redis.call('DEL', key)
    end
    purged = purged + 1
  elseif (cluster and known[key] == '1') or (not cluster and redis.call('EXISTS', key) == 1) then
    redis.call('HDEL', KEYS[5], key)
    redis.call('LPUSH', KEYS[4], key)
    requeued = requeued + 1
  else
    withoutValue = withoutValue + 1
  end
end
local indexed = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
redis.call('SET', KEYS[3], math.max(0, indexed - taken))
local answer = {taken, requeued, withoutValue, purged, notPushKeys, redis.call('LLEN', KEYS[1])}
for _, key in ipairs(toDelete) do
  table.insert(answer, key)
end
return answer
