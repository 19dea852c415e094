-- scheduleRetry, cluster layout: scheduleRetry-8.lua with the push key in ARGV (only its name is used).
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] attempts (hash)
-- KEYS[5] retry schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[6] dead-letter list
-- KEYS[7] stats (hash of counters)
-- ARGV[1] push key
-- ARGV[2] token of the claim
-- ARGV[3] delay in ms before the next try
-- ARGV[4] 1: the failure spends an attempt; 0: it does not
-- ARGV[5] maximum attempts
-- ARGV[6] dead-letter entry (JSON), used when the attempts are spent
-- returns 1 when scheduled; 2 when dead-lettered; 0 when the lease belonged to another worker (it decides)
local key = ARGV[1]
if redis.call('HGET', KEYS[3], key) ~= ARGV[2] then
  return 0
end
redis.call('LREM', KEYS[1], 1, key)
redis.call('ZREM', KEYS[2], key)
redis.call('HDEL', KEYS[3], key)
if ARGV[4] == '1' and redis.call('HINCRBY', KEYS[4], key, 1) >= tonumber(ARGV[5]) then
  redis.call('HDEL', KEYS[4], key)
  redis.call('LPUSH', KEYS[6], ARGV[6])
  redis.call('HINCRBY', KEYS[7], 'deadLettered', 1)
  return 2
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[5], string.format('%.0f', now + tonumber(ARGV[3])), key)
return 1
