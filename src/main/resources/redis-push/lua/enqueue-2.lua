-- enqueue: store push messages and queue their keys, as the PHP producer does, but values first and all or
-- nothing: a batch is checked whole before anything is written, and its keys go on the queue in one LPUSH, so a
-- worker never claims a key whose value is not there yet and a caller is never told "nothing queued" for a batch
-- of which part was queued.
-- KEYS[1] push queue (list)
-- KEYS[2], KEYS[3]... push keys, e.g. rabbit_push_20_175990, in request order
-- ARGV[1], ARGV[2]... message texts, one per push key (stored with no expiry, like the PHP producer)
-- returns {} when every key was queued; else the 1-based positions (among the push keys) of the keys that exist
-- already, and nothing was written: the caller draws other nonces for those and calls again; an error (nothing
-- written) when the push queue is not a list
--- @include "includes/pushQueueWrites"
local refused = refusalUnlessList(KEYS[1])
if refused then
  return refused
end
local taken = {}
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    table.insert(taken, i - 1)
  end
end
if #taken > 0 then
  return taken
end
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[i - 1])
end
lpushInOrder(KEYS[1], KEYS, 2)
return {}
