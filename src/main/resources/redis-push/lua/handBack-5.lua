-- handBack: a stopping worker returns a claim it will not finish, so nothing stays claimed after a graceful
-- shutdown. The key goes to the consuming end of the push queue (it was next in line); an unfinished claim
-- handed back is not a failed attempt. Token-checked: a claim already released or taken over is left alone.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- KEYS[5] push key
-- ARGV[1] token of the claim
-- returns 1 when handed back; 0 when the claim was no longer ours
--- @include "includes/releaseClaim"
if redis.call('HGET', KEYS[4], KEYS[5]) ~= ARGV[1] then
  return 0
end
releaseClaim(KEYS[1], KEYS[3], KEYS[4], KEYS[5])
redis.call('RPUSH', KEYS[2], KEYS[5])
return 1
