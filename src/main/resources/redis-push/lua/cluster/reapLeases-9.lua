-- reapLeases, cluster layout: reapLeases-9.lua for a Redis Cluster, where a script may not ask whether a message
-- key still has its value (another slot). The caller reads the soonest-expiring leases first (inFlight-2.lua),
-- asks EXISTS of each expired one (plain, routed), and passes what it found; this script then settles each claim
-- only if its lease is still there and still expired (a live worker may have renewed it, or another reaper got
-- there first), exactly as reapLeases-9.lua does: one whose value is gone waits for it.
-- A worker that died between deleting the values it delivered and releasing their claims (cluster/acknowledge-5.lua
-- runs after the routed DEL) leaves such claims too: they wait the horizon, then count as missing, not dropped.
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
-- ARGV[3] (unused: the caller bounds the candidates)
-- ARGV[4] how far from the head of the temp queue a claim is looked for
-- ARGV[5] how long a key waits for its value, in ms (push.lookup.missing-horizon-ms); 0: dropped at once
-- ARGV[6] ms before its first check
-- ARGV[7], ARGV[8]... pairs of push key, 1 when its value exists (0: delivered, or not written yet)
-- returns {requeued, deadLettered, dropped, deferred, awaitingValue}
--- @include "includes/now"
--- @include "includes/giveUp"
local now = redisNowMs()
local maxAttempts = tonumber(ARGV[2])

local window = tonumber(ARGV[4])
local deep = redis.call('LLEN', KEYS[1]) > window

local requeued, deadLettered, dropped, deferred, awaiting = 0, 0, 0, 0, 0
local horizon = tonumber(ARGV[5])
for i = 7, #ARGV, 2 do
  local key = ARGV[i]
  local deadline = redis.call('ZSCORE', KEYS[3], key)
  if deadline and tonumber(deadline) <= now then
    redis.call('ZREM', KEYS[3], key)
    redis.call('HDEL', KEYS[4], key)
    local claimed = 0
    if redis.call('LPOS', KEYS[1], key, 'MAXLEN', window) then
      claimed = redis.call('LREM', KEYS[1], 1, key)
    end
    if claimed == 0 and deep then
      deferred = deferred + 1
    elseif claimed > 0 and horizon > 0 and ARGV[i + 1] ~= '1' then
      if redis.call('ZADD', KEYS[8], 'NX', string.format('%.0f', now + math.min(tonumber(ARGV[6]), horizon)), key) == 1 then
        redis.call('HSET', KEYS[9], key, string.format('%.0f', now))
        awaiting = awaiting + 1
      end
    elseif claimed == 0 or ARGV[i + 1] ~= '1' then
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
end
if requeued > 0 then redis.call('HINCRBY', KEYS[7], 'requeued', requeued) end
if deadLettered > 0 then redis.call('HINCRBY', KEYS[7], 'deadLettered', deadLettered) end
if dropped > 0 then redis.call('HINCRBY', KEYS[7], 'dropped', dropped) end
if awaiting > 0 then redis.call('HINCRBY', KEYS[7], 'awaitingValue', awaiting) end
return {requeued, deadLettered, dropped, deferred, awaiting}
