-- settleMissing: a claimed key still had no value after the grace period. Either it was delivered already (a key
-- pushed twice, a re-queued copy) or its producer has not written the value yet (an LPUSH-then-SET producer that
-- is slow about its SET), or never will. Release the claim; if the value turned up after all, queue the key again.
-- Otherwise the key waits for its value in a sorted set (KEYS[7]), checked again on a growing schedule by
-- recheckMissing-8.lua until ARGV[2] ms have passed, and only then counted as missing: no deliverer waits, no
-- attempt is spent, and, being in Redis, the wait survives a restart. A key already waiting keeps its schedule.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- KEYS[5] attempts (hash)
-- KEYS[6] stats (hash of counters; awaitingValue: keys waiting now)
-- KEYS[7] keys waiting for a value (sorted set: key -> when it is checked next, ms on the Redis clock)
-- KEYS[8] when each waiting key was first found without a value (hash: key -> ms on the Redis clock)
-- KEYS[9] push key
-- ARGV[1] token of the claim
-- ARGV[2] how long a key waits for its value, in ms (push.lookup.missing-horizon-ms); 0: settled as missing at once
-- ARGV[3] ms before the first check
-- returns 1 released as missing; 2 re-queued because the value arrived; 3 waiting for its value; 0 the lease
-- belonged to another worker
--- @include "includes/settleMissingClaim"
local q = {temp = KEYS[1], push = KEYS[2], leases = KEYS[3], tokens = KEYS[4], attempts = KEYS[5], stats = KEYS[6],
  awaiting = KEYS[7], awaitingSince = KEYS[8]}
return settleMissingClaim(q, KEYS[9], ARGV[1], function() return redis.call('EXISTS', KEYS[9]) == 1 end,
  tonumber(ARGV[2]), tonumber(ARGV[3]))
