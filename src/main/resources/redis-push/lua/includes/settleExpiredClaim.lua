--- @include "includes/giveUp"
-- settleExpiredClaim: what the redeliver step does with one claim whose lease has run out, in both layouts
-- (reapLeases-9.lua, cluster/reapLeases-9.lua); only where the value's existence is learnt differs, so it is asked
-- through hasValue(), and only where the answer matters, as the scripts always asked it.
-- q: the keys {temp, push, leases, tokens, attempts, deadLetters, awaiting, awaitingSince}
-- rules: {maxAttempts, window (how far from the temp queue's head a claim is looked for), deep (the temp queue is
--   longer than that), horizon (how long a key waits for its value, ms; 0: dropped at once), firstCheck (ms)}
-- returns what became of the claim, as counted: 'requeued', 'deadLettered', 'dropped', 'deferred', 'awaiting'; or
-- nil (released without a count: not found in the temp queue, or already waiting for its value)
local function settleExpiredClaim(q, key, hasValue, now, rules)
  redis.call('ZREM', q.leases, key)
  redis.call('HDEL', q.tokens, key)
  local claimed = 0
  if redis.call('LPOS', q.temp, key, 'MAXLEN', rules.window) then
    claimed = redis.call('LREM', q.temp, 1, key)
  end
  if claimed == 0 and rules.deep then
    return 'deferred'
  elseif claimed > 0 and rules.horizon > 0 and not hasValue() then
    if redis.call('ZADD', q.awaiting, 'NX', string.format('%.0f', now + math.min(rules.firstCheck, rules.horizon)), key) == 1 then
      redis.call('HSET', q.awaitingSince, key, string.format('%.0f', now))
      return 'awaiting'
    end
  elseif claimed == 0 or not hasValue() then
    redis.call('HDEL', q.attempts, key)
    if claimed > 0 then return 'dropped' end
  elseif redis.call('HINCRBY', q.attempts, key, 1) >= rules.maxAttempts then
    giveUp(q.attempts, q.deadLetters, key, now, 'redeliver-temp-queue')
    return 'deadLettered'
  else
    redis.call('LPUSH', q.push, key)
    return 'requeued'
  end
  return nil
end

-- the counts of one reaping pass go into the stats hash, and back to the caller as
-- {requeued, deadLettered, dropped, deferred, awaitingValue}
local function reaped(stats, n)
  if n.requeued > 0 then redis.call('HINCRBY', stats, 'requeued', n.requeued) end
  if n.deadLettered > 0 then redis.call('HINCRBY', stats, 'deadLettered', n.deadLettered) end
  if n.dropped > 0 then redis.call('HINCRBY', stats, 'dropped', n.dropped) end
  if n.awaiting > 0 then redis.call('HINCRBY', stats, 'awaitingValue', n.awaiting) end
  return {n.requeued, n.deadLettered, n.dropped, n.deferred, n.awaiting}
end
