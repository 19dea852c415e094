-- adoptLeftovers, cluster layout: adoptLeftovers-8.lua for a Redis Cluster, where a script may not ask whether a
-- message key still has its value (another slot). So every temp-queue entry without a lease is adopted, value or
-- not, and when due goes back to the push queue like any adopted key (unless the pipeline holds it again); the
-- deliverer that claims it then finds no value and settles it as missing after the lookup grace (settleMissing).
-- Slower than the single layout for a temp queue of mostly delivered keys (each costs a claim and a grace period
-- instead of an EXISTS), never lossy. 'dropped' stays 0 here: the missing ones are counted as 'missing' instead.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] adopted (sorted set: key -> when it is due, ms on the Redis clock)
-- KEYS[5] attempts (hash)
-- KEYS[6] dead-letter list
-- KEYS[7] stats (hash of counters)
-- KEYS[8] retry schedule (sorted set)
-- ARGV[1] lease timeout in ms
-- ARGV[2] maximum attempts
-- ARGV[3] most temp-queue entries looked at in this call
-- ARGV[4] most due adopted keys handled in this call
-- returns {dropped, adopted, requeued, deadLettered, rotated}
--- @include "includes/now"
--- @include "includes/adoptLeftovers"
local now = redisNowMs()
local q = {temp = KEYS[1], push = KEYS[2], leases = KEYS[3], adopted = KEYS[4], attempts = KEYS[5], deadLetters = KEYS[6],
  stats = KEYS[7], retries = KEYS[8]}
local rules = {leaseTimeout = tonumber(ARGV[1]), maxAttempts = tonumber(ARGV[2]), look = tonumber(ARGV[3]), dueBatch = tonumber(ARGV[4])}
-- a script may not ask whether a message key has its value (another slot): every leftover is taken to have one
return adoptLeftovers(q, function() return true end, now, rules)
