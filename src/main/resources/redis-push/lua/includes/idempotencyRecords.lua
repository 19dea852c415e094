-- idempotencyRecords: the intake's record of each producer id (Idempotency-Key, or a message's id), written in the
-- same script as the LPUSH of the keys it names, so no crash leaves one without the other.
-- recordedAlready(keys, first, count): {'recorded', position, record, ...} for the records among keys[first],
-- keys[first + 1]... (count of them) that exist, positions counted from 1 among them; nil when none exists
local function recordedAlready(keys, first, count)
  local found = {'recorded'}
  for i = 0, count - 1 do
    local record = redis.call('GET', keys[first + i])
    if record then
      table.insert(found, i + 1)
      table.insert(found, record)
    end
  end
  if #found == 1 then
    return nil
  end
  return found
end

-- writeRecords(keys, firstKey, values, firstValue, count, ttlMs): each record set to its value, expiring after ttlMs
-- (push.intake.dedup-ttl, counted from the first request: a repeat does not extend it)
local function writeRecords(keys, firstKey, values, firstValue, count, ttlMs)
  for i = 0, count - 1 do
    redis.call('SET', keys[firstKey + i], values[firstValue + i], 'PX', ttlMs)
  end
end
