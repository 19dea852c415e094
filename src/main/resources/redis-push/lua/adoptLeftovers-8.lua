-- adoptLeftovers: clear what PHP workers left in the temp queue, a bounded chunk per call, in O(1) per entry.
-- The PHP worker never removes keys from the temp queue (its recovery daemon does), so after a cut-over the queue
-- may hold a million of them, oldest at the tail, behind the claims of the live workers (which RPOPLPUSH puts at
-- the head). Looking only at the tail, without LRANGE or LREM over the long list:
--   a lease on the key    -> a live worker's claim (or one the redeliver step will re-queue): rotate it to the head
--   no value              -> delivered long ago (or never written): drop it
--   a value and no lease  -> adopted: out of the temp queue into the adopted set, due one lease timeout from now,
--                            so a PHP worker that is still sending it has a full lease to finish (never raced)
-- and adopted keys that are due go back to the front of the push queue (RPUSH: they are the oldest pushes), or to
-- the dead-letter list when push.max-attempts claims of them have already run out.
-- A live worker's blocking pop (BRPOPLPUSH, then its lease in a second call) leaves its key in the temp queue
-- without a lease for a moment, and on a short temp queue that key is the tail: it may be adopted by mistake. So a
-- due adopted key that the pipeline holds again is not queued a second time, nor charged an attempt: one with a
-- lease goes back into the temp queue, under its lease; one in the retry schedule, or already on the push queue
-- (looked for within ARGV[3] entries of either end, as the reaper looks), is left where it is.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] adopted (sorted set: key -> when it is due, ms on the Redis clock)
-- KEYS[5] attempts (hash)
-- KEYS[6] dead-letter list
-- KEYS[7] stats (hash of counters)
-- KEYS[8] retry schedule (sorted set)
-- ARGV[1] lease timeout in ms
-- ARGV[2] maximum attempts
-- ARGV[3] most temp-queue entries looked at in this call
-- ARGV[4] most due adopted keys handled in this call
-- returns {dropped, adopted, requeued, deadLettered, rotated}
--- @include "includes/now"
--- @include "includes/giveUp"
local now = redisNowMs()
local maxAttempts = tonumber(ARGV[2])

local requeued, deadLettered, dropped = 0, 0, 0
local due = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', string.format('%.0f', now), 'LIMIT', 0, tonumber(ARGV[4]))
for _, key in ipairs(due) do
  redis.call('ZREM', KEYS[4], key)
  if redis.call('ZSCORE', KEYS[3], key) then
    redis.call('LPUSH', KEYS[1], key)
  elseif redis.call('ZSCORE', KEYS[8], key) then
    -- the retry schedule moves it back when due
  elseif redis.call('EXISTS', key) == 0 then
    redis.call('HDEL', KEYS[5], key)
    dropped = dropped + 1
  elseif redis.call('LPOS', KEYS[2], key, 'RANK', -1, 'MAXLEN', tonumber(ARGV[3]))
      or redis.call('LPOS', KEYS[2], key, 'MAXLEN', tonumber(ARGV[3])) then
    -- already waiting on the push queue (handed back, or a due retry)
  elseif redis.call('HINCRBY', KEYS[5], key, 1) >= maxAttempts then
    giveUp(KEYS[5], KEYS[6], key, now, 'adopt-temp-queue-leftovers')
    deadLettered = deadLettered + 1
  else
    redis.call('RPUSH', KEYS[2], key)
    requeued = requeued + 1
  end
end

local adopted, rotated = 0, 0
local dueAt = string.format('%.0f', now + tonumber(ARGV[1]))
-- once round the list at most: a temp queue of live claims only is rotated once, not again and again
local look = math.min(tonumber(ARGV[3]), redis.call('LLEN', KEYS[1]))
for _ = 1, look do
  local key = redis.call('LINDEX', KEYS[1], -1)
  if not key then break end
  if redis.call('ZSCORE', KEYS[3], key) then
    redis.call('RPOPLPUSH', KEYS[1], KEYS[1])
    rotated = rotated + 1
  elseif redis.call('EXISTS', key) == 0 then
    redis.call('RPOP', KEYS[1])
    dropped = dropped + 1
  else
    redis.call('RPOP', KEYS[1])
    redis.call('ZADD', KEYS[4], 'NX', dueAt, key)
    adopted = adopted + 1
  end
end
if requeued > 0 then redis.call('HINCRBY', KEYS[7], 'requeued', requeued) end
if deadLettered > 0 then redis.call('HINCRBY', KEYS[7], 'deadLettered', deadLettered) end
if dropped > 0 then redis.call('HINCRBY', KEYS[7], 'dropped', dropped) end
if adopted > 0 then redis.call('HINCRBY', KEYS[7], 'adopted', adopted) end
return {dropped, adopted, requeued, deadLettered, rotated}
