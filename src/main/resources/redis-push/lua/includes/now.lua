-- now: the time in whole ms on the Redis clock, so every instance of the pipeline agrees on deadlines whatever
-- its own clock says (leases, schedules and dead-letter times are all read against this one clock)
local function redisNowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
