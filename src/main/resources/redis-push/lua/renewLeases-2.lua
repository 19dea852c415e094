-- renewLeases: push back the deadline of the leases this process still holds, so a slow but live delivery is
-- never re-queued; a dead process stops renewing and its leases run out.
-- KEYS[1] leases (sorted set)
-- KEYS[2] lease tokens (hash)
-- ARGV[1] lease timeout in ms
-- ARGV[2..] pairs of push key, token
-- returns the number of leases renewed (a lease taken over by another worker is left alone)
--- @include "includes/now"
local now = redisNowMs()
local deadline = string.format('%.0f', now + tonumber(ARGV[1]))
local renewed = 0
for i = 2, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then
    redis.call('ZADD', KEYS[1], 'XX', deadline, ARGV[i])
    renewed = renewed + 1
  end
end
return renewed
