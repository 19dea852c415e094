-- acknowledge: a push was delivered. Delete its value and, if this worker still holds the lease, its claim.
-- The value goes in every case: a copy of the key re-queued meanwhile then finds no value and is not sent twice.
-- A worker whose lease was taken over must not erase the new holder's claim, so the rest is token-checked.
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] attempts (hash)
-- KEYS[5] stats (hash of counters)
-- KEYS[6] push key
-- ARGV[1] token of the claim
-- returns 1 when the claim was released; 0 when the lease belonged to another worker (value deleted anyway)
redis.call('DEL', KEYS[6])
redis.call('HINCRBY', KEYS[5], 'delivered', 1)
if redis.call('HGET', KEYS[3], KEYS[6]) ~= ARGV[1] then
  return 0
end
redis.call('LREM', KEYS[1], 1, KEYS[6])
redis.call('ZREM', KEYS[2], KEYS[6])
redis.call('HDEL', KEYS[3], KEYS[6])
redis.call('HDEL', KEYS[4], KEYS[6])
return 1
