-- reapLeases, cluster layout: reapLeases-9.lua for a Redis Cluster, where a script may not ask whether a message
-- key still has its value (another slot). The caller reads the soonest-expiring leases first (inFlight-2.lua),
-- asks EXISTS of each expired one (plain, routed), and passes what it found; this script then settles each claim
-- only if its lease is still there and still expired (a live worker may have renewed it, or another reaper got
-- there first), exactly as reapLeases-9.lua does: one whose value is gone waits for it.
-- A worker that died between deleting the values it delivered and releasing their claims (cluster/acknowledge-6.lua
-- runs after the routed DEL) leaves such claims too: they wait the horizon, then count as missing, not dropped.
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
-- ARGV[3] (unused: the caller bounds the candidates)
-- ARGV[4] how far from the head of the temp queue a claim is looked for
-- ARGV[5] how long a key waits for its value, in ms (push.lookup.missing-horizon-ms); 0: dropped at once
-- ARGV[6] ms before its first check
-- ARGV[7], ARGV[8]... pairs of push key, 1 when its value exists (0: delivered, or not written yet)
-- returns {requeued, deadLettered, dropped, deferred, awaitingValue}
--- @include "includes/now"
--- @include "includes/settleExpiredClaim"
local now = redisNowMs()
local q = {temp = KEYS[1], push = KEYS[2], leases = KEYS[3], tokens = KEYS[4], attempts = KEYS[5], deadLetters = KEYS[6],
  awaiting = KEYS[8], awaitingSince = KEYS[9]}
local rules = {maxAttempts = tonumber(ARGV[2]), window = tonumber(ARGV[4]), horizon = tonumber(ARGV[5]), firstCheck = tonumber(ARGV[6])}
rules.deep = redis.call('LLEN', KEYS[1]) > rules.window

local n = {requeued = 0, deadLettered = 0, dropped = 0, deferred = 0, awaiting = 0}
for i = 7, #ARGV, 2 do
  local key = ARGV[i]
  local deadline = redis.call('ZSCORE', KEYS[3], key)
  if deadline and tonumber(deadline) <= now then
    local found = ARGV[i + 1] == '1'
    local outcome = settleExpiredClaim(q, key, function() return found end, now, rules)
    if outcome then n[outcome] = n[outcome] + 1 end
  end
end
return reaped(KEYS[7], n)
