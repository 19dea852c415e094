-- inFlight: the leased claims, soonest lease expiry first, for the dashboard. Read only. One snapshot, with Redis's
-- own clock, so "expires in" is right whatever the clocks of the instances say.
-- KEYS[1] leases (sorted set: key -> deadline in ms, Redis clock)
-- KEYS[2] attempts (hash: key -> attempts of it already spent: leases that ran out, failed tries)
-- ARGV[1] most claims returned
-- returns {now in ms, number of leases, key1, deadline1, attempts spent on key1, key2, ...}
--- @include "includes/now"
local now = redisNowMs()
local result = {now, redis.call('ZCARD', KEYS[1])}
local leased = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
for i = 1, #leased, 2 do
  result[#result + 1] = leased[i]
  result[#result + 1] = tonumber(leased[i + 1])
  result[#result + 1] = tonumber(redis.call('HGET', KEYS[2], leased[i]) or '0')
end
return result
