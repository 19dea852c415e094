-- acknowledge: pushes were delivered. Delete each value and, if this worker still holds the lease, its claim.
-- Several deliveries that finish together are acknowledged in one round trip (see Acknowledgements.java).
-- The value goes in every case: a copy of the key re-queued meanwhile then finds no value and is not sent twice.
-- A worker whose lease was taken over must not erase the new holder's claim, so the rest is token-checked.
-- With the delivery history on, each delivery is also an entry of it, in the same call.
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] attempts (hash)
-- KEYS[5] stats (hash of counters)
-- KEYS[6] delivery history (stream)
-- KEYS[7], KEYS[8]... the delivered push keys
-- ARGV[1] the history's cap in entries; '' when it is off
-- ARGV[2] the history's maximum age in ms, when this call is to trim it ('' otherwise)
-- then for each key, in the same order: the token of its claim; with the history on, also its entry's result
-- ('delivered||<status>|<attempt>|<ms>|<instance>|<code>', see includes/recordOutcome)
-- returns how many claims were released (the others' leases belonged to another worker; their values went anyway)
--- @include "includes/releaseClaim"
--- @include "includes/recordOutcome"
local stride = ARGV[1] == '' and 1 or 2
local released = 0
for i = 7, #KEYS do
  local key = KEYS[i]
  local at = 2 + (i - 7) * stride
  redis.call('DEL', key)
  if redis.call('HGET', KEYS[3], key) == ARGV[at + 1] then
    releaseClaim(KEYS[1], KEYS[2], KEYS[3], key)
    redis.call('HDEL', KEYS[4], key)
    released = released + 1
  end
  if stride > 1 then
    recordOutcome(KEYS[6], ARGV[1], key, ARGV[at + 2], '')
  end
end
trimOutcomes(KEYS[6], ARGV[2])
redis.call('HINCRBY', KEYS[5], 'delivered', #KEYS - 6)
return released
