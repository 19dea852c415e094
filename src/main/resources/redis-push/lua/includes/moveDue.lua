-- moveDue: the keys of a schedule (sorted set: key -> due time in ms, Redis clock) whose time has come go on the
-- push queue (LPUSH, behind what is waiting), at most `limit` of them, soonest due first, each leaving the schedule
-- in the same call that queues it; `counter` in stats counts them. Returns how many moved.
--- @include "includes/now"
local function moveDue(schedule, pushQueue, stats, counter, limit)
  local due = redis.call('ZRANGEBYSCORE', schedule, '-inf', string.format('%.0f', redisNowMs()), 'LIMIT', 0, limit)
  for _, key in ipairs(due) do
    redis.call('ZREM', schedule, key)
    redis.call('LPUSH', pushQueue, key)
  end
  if #due > 0 then redis.call('HINCRBY', stats, counter, #due) end
  return #due
end
