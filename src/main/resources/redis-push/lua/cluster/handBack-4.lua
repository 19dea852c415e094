-- handBack, cluster layout: handBack-5.lua with the push key in ARGV (it is another slot's key; only its name is used).
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- ARGV[1] push key
-- ARGV[2] token of the claim
-- returns 1 when handed back; 0 when the claim was no longer ours
if redis.call('HGET', KEYS[4], ARGV[1]) ~= ARGV[2] then
  return 0
end
redis.call('LREM', KEYS[1], 1, ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[1])
return 1
