-- recheckMissing, cluster layout: recheckMissing-8.lua for a Redis Cluster, where a script may not ask whether a
-- message key has its value (another slot). The caller reads the due keys first (ZRANGEBYSCORE, plain), asks EXISTS
-- of each (plain, routed), and passes what it found; this script then settles each key only if it is still waiting
-- and still due (another instance may have checked it meanwhile), exactly as recheckMissing-8.lua does.
-- KEYS[1] keys waiting for a value (sorted set: key -> when it is checked next, ms on the Redis clock)
-- KEYS[2] when each waiting key was first found without a value (hash: key -> ms on the Redis clock)
-- KEYS[3] push queue (list)
-- KEYS[4] leases (sorted set)
-- KEYS[5] retry schedule (sorted set)
-- KEYS[6] attempts (hash)
-- KEYS[7] stats (hash of counters: awaitingValue, lateValues, missing)
-- KEYS[8] temp queue (list)
-- ARGV[1] how long a key waits for its value, in ms
-- ARGV[2] (unused: the caller bounds the candidates)
-- ARGV[3] least ms between two checks
-- ARGV[4] most ms between two checks
-- ARGV[5] how far from either end of the push queue (and from the head of the temp queue) a copy is looked for
-- ARGV[6], ARGV[7]... pairs of push key, 1 when its value exists
-- returns {requeued, alreadyHeld, missing, rescheduled}
--- @include "includes/now"
local now = redisNowMs()
local horizon = tonumber(ARGV[1])
local window = tonumber(ARGV[5])

local requeued, held, missing, rescheduled = 0, 0, 0, 0
for i = 6, #ARGV, 2 do
  local key = ARGV[i]
  local dueAt = redis.call('ZSCORE', KEYS[1], key)
  if dueAt and tonumber(dueAt) <= now then
    local since = tonumber(redis.call('HGET', KEYS[2], key) or '')
    if not since then
      -- its start was lost (an operator deleted the hash): it starts now, so it still ends at the horizon
      since = now
      redis.call('HSET', KEYS[2], key, string.format('%.0f', now))
    end
    if ARGV[i + 1] == '1' then
      redis.call('ZREM', KEYS[1], key)
      redis.call('HDEL', KEYS[2], key)
      if redis.call('ZSCORE', KEYS[4], key) or redis.call('ZSCORE', KEYS[5], key)
          or redis.call('LPOS', KEYS[3], key, 'MAXLEN', window)
          or redis.call('LPOS', KEYS[3], key, 'RANK', -1, 'MAXLEN', window)
          or redis.call('LPOS', KEYS[8], key, 'MAXLEN', window) then
        held = held + 1
      else
        redis.call('RPUSH', KEYS[3], key)
        requeued = requeued + 1
      end
    elseif now - since >= horizon then
      redis.call('ZREM', KEYS[1], key)
      redis.call('HDEL', KEYS[2], key)
      redis.call('HDEL', KEYS[6], key)
      missing = missing + 1
    else
      local gap = math.min(math.max(now - since, tonumber(ARGV[3])), tonumber(ARGV[4]))
      redis.call('ZADD', KEYS[1], string.format('%.0f', math.min(now + gap, since + horizon)), key)
      rescheduled = rescheduled + 1
    end
  end
end
local settled = requeued + held + missing
if settled > 0 then redis.call('HINCRBY', KEYS[7], 'awaitingValue', -settled) end
if requeued + held > 0 then redis.call('HINCRBY', KEYS[7], 'lateValues', requeued + held) end
if missing > 0 then redis.call('HINCRBY', KEYS[7], 'missing', missing) end
return {requeued, held, missing, rescheduled}
