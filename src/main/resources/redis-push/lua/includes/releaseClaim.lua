-- releaseClaim: a claim ends (delivered, handed back, dead-lettered, retried later, settled as missing): the key
-- leaves the temp queue, and its lease and token go, so the reaper never re-queues it
local function releaseClaim(temp, leases, tokens, key)
  redis.call('LREM', temp, 1, key)
  redis.call('ZREM', leases, key)
  redis.call('HDEL', tokens, key)
end
