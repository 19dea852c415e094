-- recheckWaitingKey: one due check of a key waiting for its value, in both layouts (recheckMissing-8.lua,
-- cluster/recheckMissing-8.lua); only where the value's existence is learnt differs, so it is asked through
-- hasValue(), at the point the scripts always asked it.
-- q: the keys {awaiting, since, push, leases, retries, attempts, temp}
-- rules: {horizon (how long a key waits, ms), window (how far from either end of the push queue, and from the temp
--   queue's head, a copy is looked for), leastGap, mostGap (ms between two checks)}
-- returns what became of the key, as counted: 'requeued', 'held', 'missing' or 'rescheduled'
local function recheckWaitingKey(q, key, hasValue, now, rules)
  local since = tonumber(redis.call('HGET', q.since, key) or '')
  if not since then
    -- its start was lost (an operator deleted the hash): it starts now, so it still ends at the horizon
    since = now
    redis.call('HSET', q.since, key, string.format('%.0f', now))
  end
  if hasValue() then
    redis.call('ZREM', q.awaiting, key)
    redis.call('HDEL', q.since, key)
    if redis.call('ZSCORE', q.leases, key) or redis.call('ZSCORE', q.retries, key)
        or redis.call('LPOS', q.push, key, 'MAXLEN', rules.window)
        or redis.call('LPOS', q.push, key, 'RANK', -1, 'MAXLEN', rules.window)
        or redis.call('LPOS', q.temp, key, 'MAXLEN', rules.window) then
      return 'held'
    end
    redis.call('RPUSH', q.push, key)
    return 'requeued'
  elseif now - since >= rules.horizon then
    redis.call('ZREM', q.awaiting, key)
    redis.call('HDEL', q.since, key)
    redis.call('HDEL', q.attempts, key)
    return 'missing'
  end
  local gap = math.min(math.max(now - since, rules.leastGap), rules.mostGap)
  redis.call('ZADD', q.awaiting, string.format('%.0f', math.min(now + gap, since + rules.horizon)), key)
  return 'rescheduled'
end

-- the counts of one pass go into the stats hash (keys that stopped waiting, values that arrived, keys missing), and
-- back to the caller as {requeued, alreadyHeld, missing, rescheduled}
local function rechecked(stats, n)
  local settled = n.requeued + n.held + n.missing
  if settled > 0 then redis.call('HINCRBY', stats, 'awaitingValue', -settled) end
  if n.requeued + n.held > 0 then redis.call('HINCRBY', stats, 'lateValues', n.requeued + n.held) end
  if n.missing > 0 then redis.call('HINCRBY', stats, 'missing', n.missing) end
  return {n.requeued, n.held, n.missing, n.rescheduled}
end
