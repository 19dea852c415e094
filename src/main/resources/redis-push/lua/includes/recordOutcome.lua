-- recordOutcome: one entry of the delivery history (push.history.*, docs/delivery-history.md), a stream capped by
-- count with XADD MAXLEN ~; trimOutcomes then caps it by age with XTRIM MINID ~ (one command takes only one of the
-- two), once per script call. A '~' trim drops whole stream nodes only, so either costs O(1) however long the history
-- is. An entry's id is its time on the Redis clock, so the age limit needs no TIME call. A cap of '' means the history
-- is off: nothing is written.
-- fields: field, value, field, value... (strings; empty values are left out of the entry)
-- returns the entry's id, or nil when the history is off
local function recordOutcome(stream, cap, fields)
  if cap == '' then
    return nil
  end
  local entry = {}
  for i = 1, #fields, 2 do
    if fields[i + 1] ~= '' then
      entry[#entry + 1] = fields[i]
      entry[#entry + 1] = fields[i + 1]
    end
  end
  return redis.call('XADD', stream, 'MAXLEN', '~', cap, '*', unpack(entry))
end

-- entries older than maxAgeMs before the entry just written (lastId) go, a whole node at a time
local function trimOutcomes(stream, maxAgeMs, lastId)
  if lastId == nil then
    return
  end
  local ms = tonumber(string.match(lastId, '^(%d+)'))
  redis.call('XTRIM', stream, 'MINID', '~', string.format('%.0f', ms - tonumber(maxAgeMs)))
end
