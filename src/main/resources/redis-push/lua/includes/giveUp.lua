-- giveUp: a key whose claims have used up its attempts leaves the pipeline for the dead-letter list, value kept,
-- with the entry the reaper and the leftover adoption have always written (DeadLetterEntry reads it)
local function giveUp(attemptsKey, deadLetters, key, now, route)
  local attempts = tonumber(redis.call('HGET', attemptsKey, key))
  redis.call('HDEL', attemptsKey, key)
  redis.call('LPUSH', deadLetters, cjson.encode({
    key = key, reason = 'gave up after ' .. attempts .. ' attempts', attempts = attempts,
    failedAt = now, route = route}))
end
