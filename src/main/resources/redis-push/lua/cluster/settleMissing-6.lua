-- settleMissing, cluster layout: settleMissing-7.lua with the push key in ARGV, and whether its value exists
-- checked by the caller just before (a plain, routed EXISTS), since a script may not touch it.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- KEYS[5] attempts (hash)
-- KEYS[6] stats (hash of counters)
-- ARGV[1] push key
-- ARGV[2] token of the claim
-- ARGV[3] 1 when the value turned up after all, 0 when it is still missing
-- returns 1 released as missing; 2 re-queued because the value arrived; 0 the lease belonged to another worker
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
redis.call('HDEL', KEYS[5], ARGV[1])
redis.call('HINCRBY', KEYS[6], 'missing', 1)
return 1
