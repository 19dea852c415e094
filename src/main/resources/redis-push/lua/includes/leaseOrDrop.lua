-- leaseOrDrop: lease a key just moved to the temp queue (claim-5.lua, lease-5.lua and their cluster twins), unless a
-- live worker holds another copy of it (a key queued twice): then this copy leaves the temp queue rather than being
-- sent again, and the answer is attempt 0
-- q: the keys {temp, leases, tokens, attempts}; deadline: the lease's end (ms on the Redis clock, as a string)
-- returns the attempt: 0 for a dropped copy, 1 for a first claim
local function leaseOrDrop(q, key, token, now, deadline)
  local held = tonumber(redis.call('ZSCORE', q.leases, key) or '0')
  if held > now and redis.call('HEXISTS', q.tokens, key) == 1 then
    redis.call('LREM', q.temp, 1, key)
    return 0
  end
  redis.call('ZADD', q.leases, deadline, key)
  redis.call('HSET', q.tokens, key, token)
  return tonumber(redis.call('HGET', q.attempts, key) or '0') + 1
end
