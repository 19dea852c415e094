--- @include "includes/giveUp"
-- adoptLeftovers: one bounded pass over the adopted keys that are due, then over the temp queue's tail, in both
-- layouts (adoptLeftovers-8.lua, cluster/adoptLeftovers-8.lua). The only difference is hasValue(key): the single
-- layout asks EXISTS and drops a key without a value; the cluster layout may not ask (another slot), answers true
-- for every key, and so adopts and requeues keys with or without a value (the deliverer settles those as missing).
-- q: the keys {temp, push, leases, adopted, attempts, deadLetters, stats, retries}
-- rules: {leaseTimeout (ms), maxAttempts, look (most temp-queue entries looked at, and how far from either end of the
--   push queue a copy is looked for), dueBatch (most due adopted keys handled)}
-- returns {dropped, adopted, requeued, deadLettered, rotated}
local function adoptLeftovers(q, hasValue, now, rules)
  local requeued, deadLettered, dropped = 0, 0, 0
  local due = redis.call('ZRANGEBYSCORE', q.adopted, '-inf', string.format('%.0f', now), 'LIMIT', 0, rules.dueBatch)
  for _, key in ipairs(due) do
    redis.call('ZREM', q.adopted, key)
    if redis.call('ZSCORE', q.leases, key) then
      redis.call('LPUSH', q.temp, key)
    elseif redis.call('ZSCORE', q.retries, key) then
      -- the retry schedule moves it back when due
    elseif not hasValue(key) then
      redis.call('HDEL', q.attempts, key)
      dropped = dropped + 1
    elseif redis.call('LPOS', q.push, key, 'RANK', -1, 'MAXLEN', rules.look)
        or redis.call('LPOS', q.push, key, 'MAXLEN', rules.look) then
      -- already waiting on the push queue (handed back, or a due retry)
    elseif redis.call('HINCRBY', q.attempts, key, 1) >= rules.maxAttempts then
      giveUp(q.attempts, q.deadLetters, key, now, 'adopt-temp-queue-leftovers')
      deadLettered = deadLettered + 1
    else
      redis.call('RPUSH', q.push, key)
      requeued = requeued + 1
    end
  end

  local adopted, rotated = 0, 0
  local dueAt = string.format('%.0f', now + rules.leaseTimeout)
  -- once round the list at most: a temp queue of live claims only is rotated once, not again and again
  local look = math.min(rules.look, redis.call('LLEN', q.temp))
  for _ = 1, look do
    local key = redis.call('LINDEX', q.temp, -1)
    if not key then break end
    if redis.call('ZSCORE', q.leases, key) then
      redis.call('RPOPLPUSH', q.temp, q.temp)
      rotated = rotated + 1
    elseif not hasValue(key) then
      redis.call('RPOP', q.temp)
      dropped = dropped + 1
    else
      redis.call('RPOP', q.temp)
      redis.call('ZADD', q.adopted, 'NX', dueAt, key)
      adopted = adopted + 1
    end
  end
  if requeued > 0 then redis.call('HINCRBY', q.stats, 'requeued', requeued) end
  if deadLettered > 0 then redis.call('HINCRBY', q.stats, 'deadLettered', deadLettered) end
  if dropped > 0 then redis.call('HINCRBY', q.stats, 'dropped', dropped) end
  if adopted > 0 then redis.call('HINCRBY', q.stats, 'adopted', adopted) end
  return {dropped, adopted, requeued, deadLettered, rotated}
end
