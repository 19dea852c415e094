-- settleMissing: a claimed key still had no value after the grace period. Either it was delivered already (a key
-- pushed twice, a re-queued copy) or its producer has not written the value yet (an LPUSH-then-SET producer that
-- is slow about its SET), or never will. Release the claim; if the value turned up after all, queue the key again.
-- Otherwise the key waits for its value in a sorted set (KEYS[7]), checked again on a growing schedule by
-- recheckMissing-8.lua until ARGV[2] ms have passed, and only then counted as missing: no deliverer waits, no
-- attempt is spent, and, being in Redis, the wait survives a restart. A key already waiting keeps its schedule.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- KEYS[5] attempts (hash)
-- KEYS[6] stats (hash of counters; awaitingValue: keys waiting now)
-- KEYS[7] keys waiting for a value (sorted set: key -> when it is checked next, ms on the Redis clock)
-- KEYS[8] when each waiting key was first found without a value (hash: key -> ms on the Redis clock)
-- KEYS[9] push key
-- ARGV[1] token of the claim
-- ARGV[2] how long a key waits for its value, in ms (push.lookup.missing-horizon-ms); 0: settled as missing at once
-- ARGV[3] ms before the first check
-- returns 1 released as missing; 2 re-queued because the value arrived; 3 waiting for its value; 0 the lease
-- belonged to another worker
--- @include "includes/now"
if redis.call('HGET', KEYS[4], KEYS[9]) ~= ARGV[1] then
  return 0
end
redis.call('LREM', KEYS[1], 1, KEYS[9])
redis.call('ZREM', KEYS[3], KEYS[9])
redis.call('HDEL', KEYS[4], KEYS[9])
if redis.call('EXISTS', KEYS[9]) == 1 then
  redis.call('LPUSH', KEYS[2], KEYS[9])
  return 2
end
if tonumber(ARGV[2]) <= 0 then
  redis.call('HDEL', KEYS[5], KEYS[9])
  redis.call('HINCRBY', KEYS[6], 'missing', 1)
  return 1
end
local now = redisNowMs()
local first = math.min(tonumber(ARGV[3]), tonumber(ARGV[2]))
if redis.call('ZADD', KEYS[7], 'NX', string.format('%.0f', now + first), KEYS[9]) == 1 then
  redis.call('HSET', KEYS[8], KEYS[9], string.format('%.0f', now))
  redis.call('HINCRBY', KEYS[6], 'awaitingValue', 1)
end
return 3
