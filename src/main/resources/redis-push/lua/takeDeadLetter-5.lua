-- takeDeadLetter: an operator requeues or purges one dead-lettered key. Its entry is found through the index and
-- taken off the list with bounded work: the caller looks among the newest ARGV[4] entries first, then chunk by
-- chunk from the tail (the oldest). Within ARGV[4] entries of either end it is removed in place (LREM stops at the
-- first match); deeper in, the entry is replaced by the list's oldest entry (RPOP + LSET, constant time), so the
-- list keeps no holes, at the cost of that one entry's place in the order (each entry carries its failedAt).
-- The key's own value is touched (EXISTS, DEL) only when ARGV[6] is '' (single layout, one server); in the cluster
-- layout the caller checks it before and deletes it after (another slot).
-- KEYS[1] dead-letter list
-- KEYS[2] dead-letter index (hash: push key -> its newest entry)
-- KEYS[3] how many entries at the list's tail are indexed (string)
-- KEYS[4] push queue (list)
-- KEYS[5] attempts (hash)
-- ARGV[1] the push key
-- ARGV[2] 'requeue' or 'purge'
-- ARGV[3] 'head': look at the newest ARGV[4] entries; or a tail-relative offset: the ARGV[4] entries from there
--   towards the head
-- ARGV[4] the most entries to compare in this call
-- ARGV[5] the push key prefix (rabbit_push): only a key <prefix>_<uid>_<6 digits> is requeued or has its value deleted
-- ARGV[6] '' to check the value here; '1' or '0': the caller found it there or not (cluster layout)
-- returns {outcome}: 0 not dead-lettered (or, past the list's end, not found); -1 not within the entries looked at
--   (ask again further in);
--   1 requeued; 2 entry removed, its value was gone; 3 purged; 4 entry removed, but its key is no push key
--   (nothing requeued, no value deleted)
local key, action, where, window, prefix, known = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
local entry = redis.call('HGET', KEYS[2], key)
if not entry then
  return {0}
end
local length = redis.call('LLEN', KEYS[1])
if where == 'head' then
  local newest = redis.call('LRANGE', KEYS[1], 0, window - 1)
  local found = false
  for i = 1, #newest do
    if newest[i] == entry then
      found = true
      break
    end
  end
  if not found then
    if length <= window then
      -- every entry was compared: the index named an entry no longer listed (removed by an older instance)
      redis.call('HDEL', KEYS[2], key)
      return {0}
    end
    return {-1}
  end
  -- LREM stops at the first match, within the newest ARGV[4] entries
  redis.call('LREM', KEYS[1], 1, entry)
else
  local offset = tonumber(where)
  if offset >= length then
    return {0}
  end
  local entries = redis.call('LRANGE', KEYS[1], -math.min(offset + window, length), -(offset + 1))
  local found = nil
  for i = #entries, 1, -1 do
    if entries[i] == entry then
      found = offset + (#entries - i)
      break
    end
  end
  if not found then
    if offset == 0 and #entries == length then
      redis.call('HDEL', KEYS[2], key)
      return {0}
    end
    return {offset + #entries >= length and 0 or -1}
  end
  if found < window then
    -- near the tail: LREM from the tail stops at the first match, within ARGV[4] entries, and keeps the order
    redis.call('LREM', KEYS[1], -1, entry)
  else
    local oldest = redis.call('RPOP', KEYS[1])
    -- after the RPOP the entry sits at tail-relative found - 1, that is index -found
    redis.call('LSET', KEYS[1], -found, oldest)
  end
end
redis.call('HDEL', KEYS[2], key)
local indexed = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
if indexed > 0 then
  redis.call('SET', KEYS[3], indexed - 1)
end
local rest = string.sub(key, #prefix + 2)
if string.sub(key, 1, #prefix + 1) ~= prefix .. '_' or not string.match(rest, '^[^_]+_%d%d%d%d%d%d$') then
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
