-- takeDeadLetter: an operator requeues or purges one dead-lettered key. Its entry is found through the index and
-- taken off the list with bounded work: the caller finds where it is (LRANGE in chunks, compared outside Redis)
-- and this script checks it is still there (LINDEX). Within ARGV[4] entries of either end it is removed in place
-- (LREM stops at the first match); deeper in, it is replaced by the list's oldest entry (RPOP + LSET, constant
-- time), so the list keeps no holes, at the cost of that one entry's place in the order (each carries its failedAt).
-- The key's own value is touched (EXISTS, DEL) only when ARGV[6] is '' (single layout, one server); in the cluster
-- layout the caller checks it before and deletes it after (another slot).
-- KEYS[1] dead-letter list
-- KEYS[2] dead-letter index (hash: push key -> its newest entry)
-- KEYS[3] how many entries at the list's tail are indexed (string)
-- KEYS[4] push queue (list)
-- KEYS[5] attempts (hash)
-- ARGV[1] the push key
-- ARGV[2] 'requeue' or 'purge'
-- ARGV[3] where the caller saw the entry: its index on the list (0 the newest, -1 the oldest)
-- ARGV[4] how near an end an entry is removed with LREM (the most entries LREM compares)
-- ARGV[5] the push key prefix (rabbit_push): only a key <prefix>_<uid>_<6 digits> is requeued or has its value deleted
-- ARGV[6] '' to check the value here; '1' or '0': the caller found it there or not (cluster layout)
-- returns {outcome}: 0 not dead-lettered; -1 the entry is no longer at ARGV[3] (the list changed: look again);
--   1 requeued; 2 entry removed, its value was gone; 3 purged; 4 entry removed, but its key is no push key
--   (nothing requeued, no value deleted)
--- @include "includes/isPushKey"
local key, action, where, window, prefix, known = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
local entry = redis.call('HGET', KEYS[2], key)
if not entry then
  return {0}
end
local at = tonumber(where)
if redis.call('LINDEX', KEYS[1], at) ~= entry then
  return {-1}
end
local length = redis.call('LLEN', KEYS[1])
-- how many entries lie between it and the tail (the oldest)
local fromTail = at < 0 and -at - 1 or length - 1 - at
if fromTail < window then
  -- near the tail: LREM from the tail stops at the first match, within ARGV[4] entries, and keeps the order
  redis.call('LREM', KEYS[1], -1, entry)
elseif length - 1 - fromTail < window then
  -- near the head: the same from the head
  redis.call('LREM', KEYS[1], 1, entry)
else
  local oldest = redis.call('RPOP', KEYS[1])
  -- after the RPOP the entry sits fromTail - 1 from the tail, that is at index -fromTail
  redis.call('LSET', KEYS[1], -fromTail, oldest)
end
redis.call('HDEL', KEYS[2], key)
local indexed = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
if indexed > 0 then
  redis.call('SET', KEYS[3], indexed - 1)
end
if not isPushKey(key, prefix) then
  return {4}
end
if action == 'purge' then
  if known == '' then
    redis.call('DEL', key)
  end
  return {3}
end
local exists = (known == '' and redis.call('EXISTS', key) == 1) or known == '1'
if not exists then
  return {2}
end
redis.call('HDEL', KEYS[5], key)
redis.call('LPUSH', KEYS[4], key)
return {1}
