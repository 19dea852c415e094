-- scheduleKeys, cluster layout: the second half of enqueueScheduled-3, once the values are SET (routed, each in its
-- own slot, as the cluster store's enqueue does): the keys without a send time or already due go on the push queue
-- in one LPUSH, the others into the schedule. Both keys are in the push queue's slot, so this half is atomic.
-- KEYS[1] push queue (list)
-- KEYS[2] schedule (sorted set: key -> due time in ms, Redis clock)
-- ARGV[2i-1] the i-th push key, in request order; ARGV[2i] its send time ('at:<ms>', 'in:<ms>' or '', see dueTime)
-- returns how many keys went into the schedule; an error (nothing written) when a send time is not one
--- @include "includes/queueOrSchedule"
local pushKeys = {}
for i = 1, #ARGV, 2 do
  table.insert(pushKeys, ARGV[i])
end
local now = redisNowMs()
local due, badTime = dueTimes(pushKeys, 1, function(i)
  return ARGV[2 * i]
end, now)
if badTime then
  return badTime
end
return queueOrSchedule(KEYS[1], KEYS[2], pushKeys, 1, due, now)
