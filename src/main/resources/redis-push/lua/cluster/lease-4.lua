-- lease, cluster layout: lease-5.lua with the push key in ARGV and without the GET (the caller reads the value
-- with a plain, routed GET: on a Redis Cluster a script may only touch keys of its own slot).
-- KEYS[1] leases (sorted set: key -> deadline in ms, Redis clock)
-- KEYS[2] lease tokens (hash: key -> token of the current holder)
-- KEYS[3] attempts (hash: key -> claims of it whose lease ran out)
-- KEYS[4] temp queue (list)
-- ARGV[1] push key
-- ARGV[2] token of this claim
-- ARGV[3] lease timeout in ms
-- returns the attempt (0: another live worker holds the key, and this copy was dropped; 1 for a first claim)
--- @include "includes/now"
local now = redisNowMs()
local deadline = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or '0')
if deadline > now and redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  redis.call('LREM', KEYS[4], 1, ARGV[1])
  return 0
end
redis.call('ZADD', KEYS[1], string.format('%.0f', now + tonumber(ARGV[3])), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0') + 1
