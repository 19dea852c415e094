-- moveDueRetries: the retries whose time has come go back on the push queue (LPUSH, behind what is waiting, as
-- the lease reaper re-queues), where any worker claims them like a new key.
-- KEYS[1] retry schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[2] push queue (list)
-- KEYS[3] stats (hash of counters)
-- ARGV[1] how many retries to move in one call
-- returns the number moved
--- @include "includes/now"
local now = redisNowMs()
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now), 'LIMIT', 0, tonumber(ARGV[1]))
for _, key in ipairs(due) do
  redis.call('ZREM', KEYS[1], key)
  redis.call('LPUSH', KEYS[2], key)
end
if #due > 0 then redis.call('HINCRBY', KEYS[3], 'retried', #due) end
return #due
