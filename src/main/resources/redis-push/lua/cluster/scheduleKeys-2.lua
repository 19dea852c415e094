-- scheduleKeys, cluster layout: the second half of enqueueScheduled-3, once the values are SET (routed, each in its
-- own slot, as the cluster store's enqueue does): the keys without a send time or already due go on the push queue
-- in one LPUSH, the others into the schedule. Both keys are in the push queue's slot, so this half is atomic.
-- KEYS[1] push queue (list)
-- KEYS[2] schedule (sorted set: key -> due time in ms, Redis clock)
-- ARGV[2i-1] the i-th push key, in request order; ARGV[2i] its send time ('at:<ms>', 'in:<ms>' or '', see dueTime)
-- returns how many keys went into the schedule; an error (nothing written) when a send time is not one
--- @include "includes/now"
--- @include "includes/dueTime"
local now = redisNowMs()
local due = {}
for i = 2, #ARGV, 2 do
  due[i] = dueTime(ARGV[i], now)
  if due[i] == nil then
    return redis.error_reply('bad send time ' .. ARGV[i] .. ' for ' .. ARGV[i - 1] .. ': nothing queued')
  end
end
local now_queued = {}
local scheduled = 0
for i = 2, #ARGV, 2 do
  if due[i] <= now then
    table.insert(now_queued, ARGV[i - 1])
  else
    redis.call('ZADD', KEYS[2], string.format('%.0f', due[i]), ARGV[i - 1])
    scheduled = scheduled + 1
  end
end
for first = 1, #now_queued, 1000 do
  redis.call('LPUSH', KEYS[1], unpack(now_queued, first, math.min(first + 999, #now_queued)))
end
return scheduled
