-- reapLeases: the redeliver step. Unlike the PHP daemon, which pops every claim at once and re-queues keys a live
-- worker is still sending, only claims whose lease has run out are touched:
--   value gone            -> delivered (or never had one): drop the claim
--   otherwise the claim counts as a failed attempt, and then
--   attempts >= maximum   -> dead-letter list, value kept
--   otherwise             -> back on the push queue (LPUSH, as the PHP daemon does)
-- Counting here rather than at the claim also stops a key that no worker can even name (bytes that are not
-- UTF-8) from cycling forever: it is adopted, runs out of leases and ends in the dead-letter list.
-- A claim in the temp queue with no lease at all (its worker died between BRPOPLPUSH and the lease, or a PHP worker
-- left it there) is first given a lease from now, so it too waits a full lease timeout before it moves.
-- KEYS[1] temp queue (list)
-- KEYS[2] push queue (list)
-- KEYS[3] leases (sorted set)
-- KEYS[4] lease tokens (hash)
-- KEYS[5] attempts (hash)
-- KEYS[6] dead-letter list
-- KEYS[7] stats (hash of counters)
-- ARGV[1] lease timeout in ms
-- ARGV[2] maximum attempts
-- ARGV[3] how many claims to look at in one call
-- returns {requeued, deadLettered, dropped, adopted}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[3])
local maxAttempts = tonumber(ARGV[2])

local adopted = 0
local oldest = redis.call('LRANGE', KEYS[1], -limit, -1)
for _, key in ipairs(oldest) do
  adopted = adopted + redis.call('ZADD', KEYS[3], 'NX', string.format('%.0f', now + tonumber(ARGV[1])), key)
end

local requeued, deadLettered, dropped = 0, 0, 0
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', string.format('%.0f', now), 'LIMIT', 0, limit)
for _, key in ipairs(expired) do
  redis.call('ZREM', KEYS[3], key)
  redis.call('HDEL', KEYS[4], key)
  local claimed = redis.call('LREM', KEYS[1], -1, key)
  if claimed == 0 or redis.call('EXISTS', key) == 0 then
    redis.call('HDEL', KEYS[5], key)
    if claimed > 0 then dropped = dropped + 1 end
  elseif redis.call('HINCRBY', KEYS[5], key, 1) >= maxAttempts then
    local attempts = tonumber(redis.call('HGET', KEYS[5], key))
    redis.call('HDEL', KEYS[5], key)
    redis.call('LPUSH', KEYS[6], cjson.encode({
      key = key, reason = 'gave up after ' .. attempts .. ' attempts', attempts = attempts,
      failedAt = now, route = 'redeliver-temp-queue'}))
    deadLettered = deadLettered + 1
  else
    redis.call('LPUSH', KEYS[2], key)
    requeued = requeued + 1
  end
end
if requeued > 0 then redis.call('HINCRBY', KEYS[7], 'requeued', requeued) end
if deadLettered > 0 then redis.call('HINCRBY', KEYS[7], 'deadLettered', deadLettered) end
if dropped > 0 then redis.call('HINCRBY', KEYS[7], 'dropped', dropped) end
return {requeued, deadLettered, dropped, adopted}
