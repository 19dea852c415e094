-- enqueueOnce: enqueue-2 (or enqueueScheduled-3) for a request that carries producer ids, with the record of each id
-- written in the same script: no crash queues or schedules a message without recording its id, or records an id whose
-- messages were not queued. An id recorded already (by an earlier request, or a concurrent one that got here first)
-- stops the script before any write and its record is returned: the caller answers with the keys it names (same
-- messages) or refuses (others).
-- KEYS[1] push queue (list)
-- KEYS[2] schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[3] .. KEYS[2 + ARGV[1]] idempotency records (strings), one per id
-- KEYS[3 + ARGV[1]] ... push keys, e.g. rabbit_push_20_175990, in request order
-- ARGV[1] how many records
-- ARGV[2] how long a record is kept, ms (push.intake.dedup-ttl)
-- ARGV[3] .. ARGV[2 + ARGV[1]] each record's value: JSON {"request": fingerprint of its messages, "keys": [...]}
-- then, for each push key, its message text (stored with no expiry, like the PHP producer) and its send time ('at:<ms>',
-- 'in:<ms>' or '' for now, see dueTime)
-- returns {} when every key was queued or scheduled and every id recorded; {'recorded', position, record, ...}
-- (positions among the records) when an id is recorded already; {'taken', position, ...} (positions among the push
-- keys) when a push key exists already (the caller draws other nonces); in both cases nothing was written; an error
-- (nothing written) when the push queue is not a list or a send time is not one
--- @include "includes/pushQueueWrites"
--- @include "includes/idempotencyRecords"
--- @include "includes/queueOrSchedule"
local records = tonumber(ARGV[1])
local firstPushKey = 3 + records
local firstMessage = 3 + records
local refused = refusalUnlessList(KEYS[1])
if refused then
  return refused
end
local now = redisNowMs()
local due, badTime = dueTimes(KEYS, firstPushKey, function(i)
  return ARGV[firstMessage + 2 * (i - firstPushKey) + 1]
end, now)
if badTime then
  return badTime
end
local recorded = recordedAlready(KEYS, 3, records)
if recorded then
  return recorded
end
local taken = {'taken'}
for i = firstPushKey, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    table.insert(taken, i - firstPushKey + 1)
  end
end
if #taken > 1 then
  return taken
end
for i = firstPushKey, #KEYS do
  redis.call('SET', KEYS[i], ARGV[firstMessage + 2 * (i - firstPushKey)])
end
queueOrSchedule(KEYS[1], KEYS[2], KEYS, firstPushKey, due, now)
writeRecords(KEYS, 3, ARGV, 3, records, ARGV[2])
return {}
