-- deadLetter, cluster layout: deadLetter-7.lua with the push key in ARGV (only its name is used; the value is kept).
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] attempts (hash)
-- KEYS[5] dead-letter list (JSON entries, newest at the head)
-- KEYS[6] stats (hash of counters)
-- ARGV[1] push key
-- ARGV[2] token of the claim ('' when the caller holds no lease)
-- ARGV[3] dead-letter entry (JSON)
-- returns 1 when dead-lettered; 0 when the lease belonged to another worker (it decides)
if ARGV[2] ~= '' and redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then
  return 0
end
redis.call('LREM', KEYS[1], 1, ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('LPUSH', KEYS[5], ARGV[3])
redis.call('HINCRBY', KEYS[6], 'deadLettered', 1)
return 1
