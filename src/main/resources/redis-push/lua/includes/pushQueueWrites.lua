-- pushQueueWrites: what every intake script does to the push queue.
-- refusalUnlessList(queue): an error reply when the push queue holds something other than a list, else nil; asked
-- before any write, since a script's writes are not undone by a later error and the values would stay behind
local function refusalUnlessList(queue)
  local queueType = redis.call('TYPE', queue)['ok']
  if queueType ~= 'list' and queueType ~= 'none' then
    return redis.error_reply('WRONGTYPE ' .. queue .. ' is a ' .. queueType .. ', not a list: nothing queued')
  end
  return nil
end

-- lpushInOrder(queue, keys, first): LPUSHes keys[first], keys[first + 1]... in request order, so the first message is
-- the first a worker pops from the right; in bounded slices (Lua's stack), all within the calling script
local function lpushInOrder(queue, keys, first)
  for from = first, #keys, 1000 do
    redis.call('LPUSH', queue, unpack(keys, from, math.min(from + 999, #keys)))
  end
end
