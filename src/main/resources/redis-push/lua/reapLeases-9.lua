-- reapLeases: the redeliver step. Unlike the PHP daemon, which pops every claim at once and re-queues keys a live
-- worker is still sending, only claims whose lease has run out are touched:
--   value gone            -> its worker died before the value was SET (an LPUSH-then-SET producer) or after
--                            delivering it: the claim is released and the key waits for its value as
--                            settleMissing-9.lua has it wait (recheckMissing-8.lua), so a late value is still sent;
--                            with ARGV[5] = 0 the claim is dropped at once
--   otherwise the claim counts as a failed attempt, and then
--   attempts >= maximum   -> dead-letter list, value kept
--   otherwise             -> back on the push queue (LPUSH, as the PHP daemon does)
-- Counting here rather than at the claim also stops a key that no worker can even name (bytes that are not
-- UTF-8) from cycling forever: it is adopted, runs out of leases and ends in the dead-letter list.
-- Claims in the temp queue with no lease at all (a PHP worker left them, or a worker died between BRPOPLPUSH and the
-- lease) are adoptLeftovers-8.lua's. The claim is looked for from the head, where live workers' claims are, and
-- only so far: behind a million PHP leftovers a full LREM would block Redis for tens of ms. One that is not
-- found that near loses its lease and stays where it is, and the leftover scan adopts it when it gets there.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- KEYS[5] attempts (hash)
-- KEYS[6] dead-letter list
-- KEYS[7] stats (hash of counters)
-- KEYS[8] keys waiting for a value (sorted set: key -> when it is checked next, ms on the Redis clock)
-- KEYS[9] when each waiting key was first found without a value (hash: key -> ms on the Redis clock)
-- ARGV[1] lease timeout in ms
-- ARGV[2] maximum attempts
-- ARGV[3] how many claims to look at in one call
-- ARGV[4] how far from the head of the temp queue a claim is looked for
-- ARGV[5] how long a key waits for its value, in ms (push.lookup.missing-horizon-ms); 0: dropped at once
-- ARGV[6] ms before its first check
-- returns {requeued, deadLettered, dropped, deferred, awaitingValue}
--- @include "includes/now"
--- @include "includes/settleExpiredClaim"
local now = redisNowMs()
local limit = tonumber(ARGV[3])
local q = {temp = KEYS[1], push = KEYS[2], leases = KEYS[3], tokens = KEYS[4], attempts = KEYS[5], deadLetters = KEYS[6],
  awaiting = KEYS[8], awaitingSince = KEYS[9]}
local rules = {maxAttempts = tonumber(ARGV[2]), window = tonumber(ARGV[4]), horizon = tonumber(ARGV[5]), firstCheck = tonumber(ARGV[6])}
rules.deep = redis.call('LLEN', KEYS[1]) > rules.window

local n = {requeued = 0, deadLettered = 0, dropped = 0, deferred = 0, awaiting = 0}
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', string.format('%.0f', now), 'LIMIT', 0, limit)
for _, key in ipairs(expired) do
  local outcome = settleExpiredClaim(q, key, function() return redis.call('EXISTS', key) == 1 end, now, rules)
  if outcome then n[outcome] = n[outcome] + 1 end
end
return reaped(KEYS[7], n)
