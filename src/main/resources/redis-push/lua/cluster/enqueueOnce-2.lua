-- enqueueOnce (cluster layout): the LPUSH of a request's keys and the record of each of its producer ids, in one
-- script in the push queue's slot, so no crash queues a key without recording its id, or records an id whose keys
-- were not queued. The values, in slots of their own, were SET NX by the caller just before, as for any intake in
-- this layout; when an id is recorded already (an earlier request, or a concurrent one that got here first) nothing
-- is written here, the record is returned, and the caller deletes the values it wrote.
-- KEYS[1] push queue (list)
-- KEYS[2], KEYS[3]... idempotency records (strings), one per id, all under the push queue's hash tag
-- ARGV[1] how long a record is kept, ms (push.intake.dedup-ttl)
-- ARGV[2] .. ARGV[#KEYS] each record's value: JSON {"request": fingerprint of its messages, "keys": [...]}
-- ARGV[#KEYS + 1] ... push keys, in request order (their values already written)
-- returns {} when every key was queued and every id recorded; {'recorded', position, record, ...} (positions among
-- the records) when an id is recorded already, and nothing was written; an error (nothing written) when the push
-- queue is not a list
--- @include "includes/pushQueueWrites"
--- @include "includes/idempotencyRecords"
local records = #KEYS - 1
local refused = refusalUnlessList(KEYS[1])
if refused then
  return refused
end
local recorded = recordedAlready(KEYS, 2, records)
if recorded then
  return recorded
end
lpushInOrder(KEYS[1], ARGV, #KEYS + 1)
writeRecords(KEYS, 2, ARGV, 2, records, ARGV[1])
return {}
