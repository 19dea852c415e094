--- @include "includes/now"
--- @include "includes/releaseClaim"
-- settleMissingClaim: a claimed key still without a value after the lookup's grace, in both layouts
-- (settleMissing-9.lua, cluster/settleMissing-8.lua). Only where the value's existence is learnt differs, so it is
-- asked through hasValue(), after the claim is released, where the scripts always asked it.
-- q: the keys {temp, push, leases, tokens, attempts, stats, awaiting, awaitingSince}
-- horizon: how long a key waits for its value, ms (0: settled as missing at once); firstCheck: ms before the first check
-- returns 1 released as missing; 2 re-queued because the value arrived; 3 waiting for its value; 0 the lease
-- belonged to another worker
local function settleMissingClaim(q, key, token, hasValue, horizon, firstCheck)
  if redis.call('HGET', q.tokens, key) ~= token then
    return 0
  end
  releaseClaim(q.temp, q.leases, q.tokens, key)
  if hasValue() then
    redis.call('LPUSH', q.push, key)
    return 2
  end
  if horizon <= 0 then
    redis.call('HDEL', q.attempts, key)
    redis.call('HINCRBY', q.stats, 'missing', 1)
    return 1
  end
  local now = redisNowMs()
  local first = math.min(firstCheck, horizon)
  if redis.call('ZADD', q.awaiting, 'NX', string.format('%.0f', now + first), key) == 1 then
    redis.call('HSET', q.awaitingSince, key, string.format('%.0f', now))
    redis.call('HINCRBY', q.stats, 'awaitingValue', 1)
  end
  return 3
end
