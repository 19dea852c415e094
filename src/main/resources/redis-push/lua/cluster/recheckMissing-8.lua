-- recheckMissing, cluster layout: recheckMissing-8.lua for a Redis Cluster, where a script may not ask whether a
-- message key has its value (another slot). The caller reads the due keys first (ZRANGEBYSCORE, plain), asks EXISTS
-- of each (plain, routed), and passes what it found; this script then settles each key only if it is still waiting
-- and still due (another instance may have checked it meanwhile), exactly as recheckMissing-8.lua does.
-- KEYS[1] keys waiting for a value (sorted set: key -> when it is checked next, ms on the Redis clock)
-- KEYS[2] when each waiting key was first found without a value (hash: key -> ms on the Redis clock)
-- KEYS[3] push queue (list)
-- KEYS[4] leases (sorted set)
-- KEYS[5] retry schedule (sorted set)
-- KEYS[6] attempts (hash)
-- KEYS[7] stats (hash of counters: awaitingValue, lateValues, missing)
-- KEYS[8] temp queue (list)
-- ARGV[1] how long a key waits for its value, in ms
-- ARGV[2] (unused: the caller bounds the candidates)
-- ARGV[3] least ms between two checks
-- ARGV[4] most ms between two checks
-- ARGV[5] how far from either end of the push queue (and from the head of the temp queue) a copy is looked for
-- ARGV[6], ARGV[7]... pairs of push key, 1 when its value exists
-- returns {requeued, alreadyHeld, missing, rescheduled}
--- @include "includes/now"
--- @include "includes/recheckWaitingKey"
local now = redisNowMs()
local q = {awaiting = KEYS[1], since = KEYS[2], push = KEYS[3], leases = KEYS[4], retries = KEYS[5], attempts = KEYS[6],
  temp = KEYS[8]}
local rules = {horizon = tonumber(ARGV[1]), window = tonumber(ARGV[5]), leastGap = tonumber(ARGV[3]), mostGap = tonumber(ARGV[4])}

local n = {requeued = 0, held = 0, missing = 0, rescheduled = 0}
for i = 6, #ARGV, 2 do
  local key = ARGV[i]
  local dueAt = redis.call('ZSCORE', KEYS[1], key)
  if dueAt and tonumber(dueAt) <= now then
    local found = ARGV[i + 1] == '1'
    local outcome = recheckWaitingKey(q, key, function() return found end, now, rules)
    n[outcome] = n[outcome] + 1
  end
end
return rechecked(KEYS[7], n)
