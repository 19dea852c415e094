-- adoptLeftovers: clear what PHP workers left in the temp queue, a bounded chunk per call, in O(1) per entry.
-- The PHP worker never removes keys from the temp queue (its recovery daemon does), so after a cut-over the queue
-- may hold a million of them, oldest at the tail, behind the claims of the live workers (which RPOPLPUSH puts at
-- the head). Looking only at the tail, without LRANGE or LREM over the long list:
--   a lease on the key    -> a live worker's claim (or one the redeliver step will re-queue): rotate it to the head
--   no value              -> delivered long ago (or never written): drop it
--   a value and no lease  -> adopted: out of the temp queue into the adopted set, due one lease timeout from now,
--                            so a PHP worker that is still sending it has a full lease to finish (never raced)
-- and adopted keys that are due go back to the front of the push queue (RPUSH: they are the oldest pushes), or to
-- the dead-letter list when push.max-attempts claims of them have already run out.
-- A live worker's blocking pop (BRPOPLPUSH, then its lease in a second call) leaves its key in the temp queue
-- without a lease for a moment, and on a short temp queue that key is the tail: it may be adopted by mistake. So a
-- due adopted key that the pipeline holds again is not queued a second time, nor charged an attempt: one with a
-- lease goes back into the temp queue, under its lease; one in the retry schedule, or already on the push queue
-- (looked for within ARGV[3] entries of either end, as the reaper looks), is left where it is.
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
return adoptLeftovers(q, function(key) return redis.call('EXISTS', key) == 1 end, now, rules)
