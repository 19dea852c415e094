-- settleMissing, cluster layout: settleMissing-9.lua with the push key in ARGV, and whether its value exists
-- checked by the caller just before (a plain, routed EXISTS), since a script may not touch it.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- KEYS[5] attempts (hash)
-- KEYS[6] stats (hash of counters; awaitingValue: keys waiting now)
-- KEYS[7] keys waiting for a value (sorted set: key -> when it is checked next, ms on the Redis clock)
-- KEYS[8] when each waiting key was first found without a value (hash: key -> ms on the Redis clock)
-- ARGV[1] push key
-- ARGV[2] token of the claim
-- ARGV[3] 1 when the value turned up after all, 0 when it is still missing
-- ARGV[4] how long a key waits for its value, in ms (push.lookup.missing-horizon-ms); 0: settled as missing at once
-- ARGV[5] ms before the first check
-- returns 1 released as missing; 2 re-queued because the value arrived; 3 waiting for its value; 0 the lease
-- belonged to another worker
--- @include "includes/settleMissingClaim"
local q = {temp = KEYS[1], push = KEYS[2], leases = KEYS[3], tokens = KEYS[4], attempts = KEYS[5], stats = KEYS[6],
  awaiting = KEYS[7], awaitingSince = KEYS[8]}
return settleMissingClaim(q, ARGV[1], ARGV[2], function() return ARGV[3] == '1' end, tonumber(ARGV[4]), tonumber(ARGV[5]))
