-- acknowledge, cluster layout: acknowledge-6.lua without the DEL. The caller has deleted each delivered value
-- already (a plain, routed DEL: the message keys live in other slots), so a copy of the key re-queued meanwhile
-- finds no value and is not sent twice; a crash between the DEL and this call leaves a claim without a value,
-- which the lease reaper drops.
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] attempts (hash)
-- KEYS[5] stats (hash of counters)
-- ARGV[1], ARGV[2]... pairs of delivered push key, token of its claim
-- returns how many claims were released (the others' leases belonged to another worker)
--- @include "includes/releaseClaim"
local released = 0
for i = 1, #ARGV, 2 do
  local key = ARGV[i]
  if redis.call('HGET', KEYS[3], key) == ARGV[i + 1] then
    releaseClaim(KEYS[1], KEYS[2], KEYS[3], key)
    redis.call('HDEL', KEYS[4], key)
    released = released + 1
  end
end
redis.call('HINCRBY', KEYS[5], 'delivered', #ARGV / 2)
return released
