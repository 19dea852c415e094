-- settleMissing, cluster layout: settleMissing-9.lua with the push key in ARGV, and whether its value exists
-- checked by the caller just before (a plain, routed EXISTS), since a script may not touch it.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- KEYS[5] attempts (hash)
-- KEYS[6] stats (hash of counters; awaitingValue: keys waiting now)
-- KEYS[7] keys waiting for a value (sorted set: key -> when it is checked next, ms on the Redis clock)
-- KEYS[8] when each waiting key was first found without a value (hash: key -> ms on the Redis clock)
-- ARGV[1] push key
-- ARGV[2] token of the claim
-- ARGV[3] 1 when the value turned up after all, 0 when it is still missing
-- ARGV[4] how long a key waits for its value, in ms (push.lookup.missing-horizon-ms); 0: settled as missing at once
-- ARGV[5] ms before the first check
-- returns 1 released as missing; 2 re-queued because the value arrived; 3 waiting for its value; 0 the lease
-- belonged to another worker
--- @include "includes/now"
if redis.call('HGET', KEYS[4], ARGV[1]) ~= ARGV[2] then
  return 0
end
redis.call('LREM', KEYS[1], 1, ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
if ARGV[3] == '1' then
  redis.call('LPUSH', KEYS[2], ARGV[1])
  return 2
end
if tonumber(ARGV[4]) <= 0 then
  redis.call('HDEL', KEYS[5], ARGV[1])
  redis.call('HINCRBY', KEYS[6], 'missing', 1)
  return 1
end
local now = redisNowMs()
local first = math.min(tonumber(ARGV[5]), tonumber(ARGV[4]))
if redis.call('ZADD', KEYS[7], 'NX', string.format('%.0f', now + first), ARGV[1]) == 1 then
  redis.call('HSET', KEYS[8], ARGV[1], string.format('%.0f', now))
  redis.call('HINCRBY', KEYS[6], 'awaitingValue', 1)
end
return 3
