-- enqueueOnce (cluster layout): the LPUSH (or the schedule) of a request's keys and the record of each of its producer
-- ids, in one script in the push queue's slot, so no crash queues a key without recording its id, or records an id
-- whose keys were not queued. The values, in slots of their own, were SET NX by the caller just before, as for any
-- intake in this layout; when an id is recorded already (an earlier request, or a concurrent one that got here first)
-- nothing is written here, the record is returned, and the caller deletes the values it wrote.
-- KEYS[1] push queue (list)
-- KEYS[2] schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[3], KEYS[4]... idempotency records (strings), one per id, all under the push queue's hash tag
-- ARGV[1] how long a record is kept, ms (push.intake.dedup-ttl)
-- ARGV[2] .. ARGV[#KEYS - 1] each record's value: JSON {"request": fingerprint of its messages, "keys": [...]}
-- then, for each push key in request order (its value already written), the key and its send time ('at:<ms>',
-- 'in:<ms>' or '' for now, see dueTime)
-- returns {} when every key was queued or scheduled and every id recorded; {'recorded', position, record, ...}
-- (positions among the records) when an id is recorded already, and nothing was written; an error (nothing written)
-- when the push queue is not a list or a send time is not one
--- @include "includes/pushQueueWrites"
--- @include "includes/idempotencyRecords"
--- @include "includes/queueOrSchedule"
local records = #KEYS - 2
local refused = refusalUnlessList(KEYS[1])
if refused then
  return refused
end
-- the push keys, one after another, from the pairs after the records' values
local pushKeys = {}
local specs = {}
for i = #KEYS, #ARGV, 2 do
  table.insert(pushKeys, ARGV[i])
  table.insert(specs, ARGV[i + 1])
end
local now = redisNowMs()
local due, badTime = dueTimes(pushKeys, 1, function(i)
  return specs[i]
end, now)
if badTime then
  return badTime
end
local recorded = recordedAlready(KEYS, 3, records)
if recorded then
  return recorded
end
queueOrSchedule(KEYS[1], KEYS[2], pushKeys, 1, due, now)
writeRecords(KEYS, 3, ARGV, 2, records, ARGV[1])
return {}
