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
local queueType = redis.call('TYPE', KEYS[1])['ok']
if queueType ~= 'list' and queueType ~= 'none' then
  -- checked first: a script's writes are not undone by a later error, and the values would stay behind
  return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' is a ' .. queueType .. ', not a list: nothing queued')
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
-- request order: the first message is the first a worker pops from the right; unpack in bounded slices (Lua's
-- stack), all within this one script
for first = 2, #KEYS, 1000 do
  redis.call('LPUSH', KEYS[1], unpack(KEYS, first, math.min(first + 999, #KEYS)))
end
return {}
