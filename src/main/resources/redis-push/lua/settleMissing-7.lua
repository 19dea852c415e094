-- settleMissing: a claimed key still had no value after the grace period. Either it was delivered already (a key
-- pushed twice, a re-queued copy) or its producer never wrote a body. Release the claim and count it; if the value
-- turned up after all (a very slow LPUSH-then-SET producer), queue the key again instead of losing it.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- KEYS[5] attempts (hash)
-- KEYS[6] stats (hash of counters)
-- KEYS[7] push key
-- ARGV[1] token of the claim
-- returns 1 released as missing; 2 re-queued because the value arrived; 0 the lease belonged to another worker
if redis.call('HGET', KEYS[4], KEYS[7]) ~= ARGV[1] then
  return 0
end
redis.call('LREM', KEYS[1], 1, KEYS[7])
redis.call('ZREM', KEYS[3], KEYS[7])
redis.call('HDEL', KEYS[4], KEYS[7])
if redis.call('EXISTS', KEYS[7]) == 1 then
  redis.call('LPUSH', KEYS[2], KEYS[7])
  return 2
end
redis.call('HDEL', KEYS[5], KEYS[7])
redis.call('HINCRBY', KEYS[6], 'missing', 1)
return 1
