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
--- @include "includes/pushQueueWrites"
--- @include "includes/queueOrSchedule"
local refused = refusalUnlessList(KEYS[1])
if refused then
  return refused
end
local scheduleType = redis.call('TYPE', KEYS[2])['ok']
if scheduleType ~= 'zset' and scheduleType ~= 'none' then
  return redis.error_reply('WRONGTYPE ' .. KEYS[2] .. ' is a ' .. scheduleType .. ', not a sorted set: nothing queued')
end
local now = redisNowMs()
local due, badTime = dueTimes(KEYS, 3, function(i)
  return ARGV[2 * (i - 2)]
end, now)
if badTime then
  return badTime
end
local taken = {}
for i = 3, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    table.insert(taken, i - 2)
  end
end
if #taken > 0 then
  return taken
end
for i = 3, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2 * (i - 2) - 1])
end
queueOrSchedule(KEYS[1], KEYS[2], KEYS, 3, due, now)
return {}
