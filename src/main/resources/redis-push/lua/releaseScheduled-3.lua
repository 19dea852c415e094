-- releaseScheduled: the scheduled pushes whose time has come go on the push queue (LPUSH, behind what is waiting,
-- as moveDueRetries-3 does), soonest due first, where any worker claims them like a new key. Each key leaves the
-- schedule in the same script that queues it, so a cancel (cancelScheduled-2) racing a release finds it in the
-- schedule or not at all: one of them wins. Only bookkeeping keys: the same script on both layouts.
-- KEYS[1] schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[2] push queue (list)
-- KEYS[3] stats (hash of counters)
-- ARGV[1] how many to release in one call
-- returns the number released
--- @include "includes/now"
local now = redisNowMs()
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now), 'LIMIT', 0, tonumber(ARGV[1]))
for _, key in ipairs(due) do
  redis.call('ZREM', KEYS[1], key)
  redis.call('LPUSH', KEYS[2], key)
end
if #due > 0 then redis.call('HINCRBY', KEYS[3], 'scheduledReleased', #due) end
return #due
