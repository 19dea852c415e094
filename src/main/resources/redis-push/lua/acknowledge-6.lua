-- acknowledge: pushes were delivered. Delete each value and, if this worker still holds the lease, its claim.
-- Several deliveries that finish together are acknowledged in one round trip (see Acknowledgements.java).
-- The value goes in every case: a copy of the key re-queued meanwhile then finds no value and is not sent twice.
-- A worker whose lease was taken over must not erase the new holder's claim, so the rest is token-checked.
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] attempts (hash)
-- KEYS[5] stats (hash of counters)
-- KEYS[6], KEYS[7]... the delivered push keys
-- ARGV[1], ARGV[2]... the token of each key's claim, in the same order
-- returns how many claims were released (the others' leases belonged to another worker; their values went anyway)
--- @include "includes/releaseClaim"
local released = 0
for i = 6, #KEYS do
  local key = KEYS[i]
  redis.call('DEL', key)
  if redis.call('HGET', KEYS[3], key) == ARGV[i - 5] then
    releaseClaim(KEYS[1], KEYS[2], KEYS[3], key)
    redis.call('HDEL', KEYS[4], key)
    released = released + 1
  end
end
redis.call('HINCRBY', KEYS[5], 'delivered', #KEYS - 5)
return released
