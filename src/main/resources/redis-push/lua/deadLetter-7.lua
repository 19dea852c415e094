-- deadLetter: take a key out of circulation with the reason it cannot be delivered. The key's value is kept,
-- so an operator can inspect it and requeue it.
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] attempts (hash)
-- KEYS[5] dead-letter list (JSON entries, newest at the head)
-- KEYS[6] stats (hash of counters)
-- KEYS[7] push key
-- ARGV[1] token of the claim ('' when the caller holds no lease)
-- ARGV[2] dead-letter entry (JSON)
-- returns 1 when dead-lettered; 0 when the lease belonged to another worker (it decides)
--- @include "includes/releaseClaim"
if ARGV[1] ~= '' and redis.call('HGET', KEYS[3], KEYS[7]) ~= ARGV[1] then
  return 0
end
releaseClaim(KEYS[1], KEYS[2], KEYS[3], KEYS[7])
redis.call('HDEL', KEYS[4], KEYS[7])
redis.call('LPUSH', KEYS[5], ARGV[2])
redis.call('HINCRBY', KEYS[6], 'deadLettered', 1)
return 1
