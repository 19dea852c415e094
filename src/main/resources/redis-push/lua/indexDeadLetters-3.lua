-- indexDeadLetters: brings the dead-letter index up to date by one bounded chunk. The scripts that dead-letter a
-- key only LPUSH its entry (as they always did, and as older instances still do), so the index covers the list
-- from its tail (oldest) up to a count, and this script indexes the next entries above that count, oldest first,
-- so a key's newer entry replaces its older one. A list without index (written before the index existed) is
-- indexed the same way, a chunk per call.
-- KEYS[1] dead-letter list (JSON entries, newest at the head)
-- KEYS[2] dead-letter index (hash: push key -> its newest entry)
-- KEYS[3] how many entries at the list's tail are indexed (string)
-- ARGV[1] the most entries to index in this call
-- returns the number of entries still to index after this call
--- @include "includes/deadLetterKey"
local length = redis.call('LLEN', KEYS[1])
local indexed = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
if indexed > length then
  -- entries left the list without this count knowing (an older instance's requeue or purge): what is there is indexed
  indexed = length
end
local chunk = math.min(tonumber(ARGV[1]), length - indexed)
if chunk <= 0 then
  redis.call('SET', KEYS[3], length)
  return 0
end
-- tail-relative positions indexed .. indexed + chunk - 1; LRANGE answers them newest first
local entries = redis.call('LRANGE', KEYS[1], -(indexed + chunk), -(indexed + 1))
for i = #entries, 1, -1 do
  local key = deadLetterKey(entries[i])
  if key and key ~= '' then
    redis.call('HSET', KEYS[2], key, entries[i])
  end
end
redis.call('SET', KEYS[3], indexed + #entries)
return length - indexed - #entries
