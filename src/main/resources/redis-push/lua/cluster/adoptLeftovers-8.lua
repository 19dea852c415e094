-- adoptLeftovers, cluster layout: adoptLeftovers-8.lua for a Redis Cluster, where a script may not ask whether a
-- message key still has its value (another slot). So every temp-queue entry without a lease is adopted, value or
-- not, and when due goes back to the push queue like any adopted key (unless the pipeline holds it again); the
-- deliverer that claims it then finds no value and settles it as missing after the lookup grace (settleMissing).
-- Slower than the single layout for a temp queue of mostly delivered keys (each costs a claim and a grace period
-- instead of an EXISTS), never lossy. 'dropped' stays 0 here: the missing ones are counted as 'missing' instead.
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
