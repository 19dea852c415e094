-- enqueueScheduled: enqueue-2 for a batch of which some messages carry a send time: every value is SET as the PHP
-- producer would, the messages without a send time or already due go on the push queue in one LPUSH, the others
-- wait in the schedule until releaseScheduled-3 moves them there. All or nothing, like enqueue-2.
-- KEYS[1] push queue (list)
-- KEYS[2] schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[3], KEYS[4]... push keys, in request order
-- ARGV[2i-1] message text of the i-th push key; ARGV[2i] its send time ('at:<ms>', 'in:<ms>' or '', see dueTime)
-- returns {} when every key was queued or scheduled; else the 1-based positions (among the push keys) of the keys
-- that exist already, and nothing was written; an error (nothing written) when a queue has the wrong type or a
-- send time is not one
--- @include "includes/now"
--- @include "includes/dueTime"
local queueType = redis.call('TYPE', KEYS[1])['ok']
if queueType ~= 'list' and queueType ~= 'none' then
  return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' is a ' .. queueType .. ', not a list: nothing queued')
end
local scheduleType = redis.call('TYPE', KEYS[2])['ok']
if scheduleType ~= 'zset' and scheduleType ~= 'none' then
  return redis.error_reply('WRONGTYPE ' .. KEYS[2] .. ' is a ' .. scheduleType .. ', not a sorted set: nothing queued')
end
local now = redisNowMs()
local due = {}
local taken = {}
for i = 3, #KEYS do
  due[i] = dueTime(ARGV[2 * (i - 2)], now)
  if due[i] == nil then
    return redis.error_reply('bad send time ' .. ARGV[2 * (i - 2)] .. ' for ' .. KEYS[i] .. ': nothing queued')
  end
  if redis.call('EXISTS', KEYS[i]) == 1 then
    table.insert(taken, i - 2)
  end
end
if #taken > 0 then
  return taken
end
local now_queued = {}
for i = 3, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2 * (i - 2) - 1])
  if due[i] <= now then
    table.insert(now_queued, KEYS[i])
  else
    redis.call('ZADD', KEYS[2], string.format('%.0f', due[i]), KEYS[i])
  end
end
-- request order among those queued now, in bounded slices (Lua's stack), as enqueue-2 does
for first = 1, #now_queued, 1000 do
  redis.call('LPUSH', KEYS[1], unpack(now_queued, first, math.min(first + 999, #now_queued)))
end
return {}
