-- recheckMissing: keys that were claimed without a value (settleMissing-9.lua) are checked again when due. The
-- checks grow apart: each waits as long as the key has waited so far (so they double), at least ARGV[3] ms and at
-- most ARGV[4] ms, and the last is made when the key has waited ARGV[1] ms (push.lookup.missing-horizon-ms).
--   the value is there -> back on the push queue, at its front (RPUSH: it is an old push), to be claimed and sent
--                         as any key; unless the pipeline holds it already (a lease, a scheduled retry, a copy on
--                         the push queue, looked for within ARGV[5] entries of either end, or in the temp queue near
--                         its head, where a blocking pop puts a key just before its lease): then that copy sends it,
--                         and it is not queued a second time
--   waited the horizon -> settled as missing (already delivered, or never written), as a key without a value was
--                         before there was any waiting
--   otherwise          -> its next check
-- Checking costs one EXISTS, no claim and no delivery attempt.
-- KEYS[1] keys waiting for a value (sorted set: key -> when it is checked next, ms on the Redis clock)
-- KEYS[2] when each waiting key was first found without a value (hash: key -> ms on the Redis clock)
-- KEYS[3] push queue (list)
-- KEYS[4] leases (sorted set)
-- KEYS[5] retry schedule (sorted set)
-- KEYS[6] attempts (hash)
-- KEYS[7] stats (hash of counters: awaitingValue, lateValues, missing)
-- KEYS[8] temp queue (list)
-- ARGV[1] how long a key waits for its value, in ms
-- ARGV[2] most due keys checked in this call
-- ARGV[3] least ms between two checks
-- ARGV[4] most ms between two checks
-- ARGV[5] how far from either end of the push queue (and from the head of the temp queue) a copy is looked for
-- returns {requeued, alreadyHeld, missing, rescheduled}
--- @include "includes/now"
--- @include "includes/recheckWaitingKey"
local now = redisNowMs()
local q = {awaiting = KEYS[1], since = KEYS[2], push = KEYS[3], leases = KEYS[4], retries = KEYS[5], attempts = KEYS[6],
  temp = KEYS[8]}
local rules = {horizon = tonumber(ARGV[1]), window = tonumber(ARGV[5]), leastGap = tonumber(ARGV[3]), mostGap = tonumber(ARGV[4])}

local n = {requeued = 0, held = 0, missing = 0, rescheduled = 0}
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now), 'LIMIT', 0, tonumber(ARGV[2]))
for _, key in ipairs(due) do
  local outcome = recheckWaitingKey(q, key, function() return redis.call('EXISTS', key) == 1 end, now, rules)
  n[outcome] = n[outcome] + 1
end
return rechecked(KEYS[7], n)
