-- reapLeases: the redeliver step. Unlike the PHP daemon, which pops every claim at once and re-queues keys a live
-- worker is still sending, only claims whose lease has run out are touched:
--   value gone            -> its worker died before the value was SET (an LPUSH-then-SET producer) or after
--                            delivering it: the claim is released and the key waits for its value as
--                            settleMissing-9.lua has it wait (recheckMissing-8.lua), so a late value is still sent;
--                            with ARGV[5] = 0 the claim is dropped at once
--   otherwise the claim counts as a failed attempt, and then
--   attempts >= maximum   -> dead-letter list, value kept
--   otherwise             -> back on the push queue (LPUSH, as the PHP daemon does)
-- Counting here rather than at the claim also stops a key that no worker can even name (bytes that are not
-- UTF-8) from cycling forever: it is adopted, runs out of leases and ends in the dead-letter list.
-- Claims in the temp queue with no lease at all (a PHP worker left them, or a worker died between BRPOPLPUSH and the
-- lease) are adoptLeftovers-7.lua's. The claim is looked for from the head, where live workers' claims are, and
-- only so far: behind a million PHP leftovers a full LREM would block Redis for tens of ms. One that is not
-- found that near loses its lease and stays where it is, and the leftover scan adopts it when it gets there.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- KEYS[5] attempts (hash)
-- KEYS[6] dead-letter list
-- KEYS[7] stats (hash of counters)
-- KEYS[8] keys waiting for a value (sorted set: key -> when it is checked next, ms on the Redis clock)
-- KEYS[9] when each waiting key was first found without a value (hash: key -> ms on the Redis clock)
-- ARGV[1] lease timeout in ms
-- ARGV[2] maximum attempts
-- ARGV[3] how many claims to look at in one call
-- ARGV[4] how far from the head of the temp queue a claim is looked for
-- ARGV[5] how long a key waits for its value, in ms (push.lookup.missing-horizon-ms); 0: dropped at once
-- ARGV[6] ms before its first check
-- returns {requeued, deadLettered, dropped, deferred, awaitingValue}
--- @include "includes/now"
--- @include "includes/giveUp"
local now = redisNowMs()
local limit = tonumber(ARGV[3])
local maxAttempts = tonumber(ARGV[2])

local window = tonumber(ARGV[4])
local deep = redis.call('LLEN', KEYS[1]) > window

local requeued, deadLettered, dropped, deferred, awaiting = 0, 0, 0, 0, 0
local horizon = tonumber(ARGV[5])
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', string.format('%.0f', now), 'LIMIT', 0, limit)
for _, key in ipairs(expired) do
  redis.call('ZREM', KEYS[3], key)
  redis.call('HDEL', KEYS[4], key)
  local claimed = 0
  if redis.call('LPOS', KEYS[1], key, 'MAXLEN', window) then
    claimed = redis.call('LREM', KEYS[1], 1, key)
  end
  if claimed == 0 and deep then
    deferred = deferred + 1
  elseif claimed > 0 and horizon > 0 and redis.call('EXISTS', key) == 0 then
    if redis.call('ZADD', KEYS[8], 'NX', string.format('%.0f', now + math.min(tonumber(ARGV[6]), horizon)), key) == 1 then
      redis.call('HSET', KEYS[9], key, string.format('%.0f', now))
      awaiting = awaiting + 1
    end
  elseif claimed == 0 or redis.call('EXISTS', key) == 0 then
    redis.call('HDEL', KEYS[5], key)
    if claimed > 0 then dropped = dropped + 1 end
  elseif redis.call('HINCRBY', KEYS[5], key, 1) >= maxAttempts then
    giveUp(KEYS[5], KEYS[6], key, now, 'redeliver-temp-queue')
    deadLettered = deadLettered + 1
  else
    redis.call('LPUSH', KEYS[2], key)
    requeued = requeued + 1
  end
end
if requeued > 0 then redis.call('HINCRBY', KEYS[7], 'requeued', requeued) end
if deadLettered > 0 then redis.call('HINCRBY', KEYS[7], 'deadLettered', deadLettered) end
if dropped > 0 then redis.call('HINCRBY', KEYS[7], 'dropped', dropped) end
if awaiting > 0 then redis.call('HINCRBY', KEYS[7], 'awaitingValue', awaiting) end
return {requeued, deadLettered, dropped, deferred, awaiting}
