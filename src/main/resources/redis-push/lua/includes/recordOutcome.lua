-- recordOutcome: one entry of the delivery history (push.history.*, docs/delivery-history.md), a stream capped by
-- count with XADD MAXLEN ~; trimOutcomes then caps it by age with XTRIM MINID ~ (one command takes only one of the
-- two), once per script call. A '~' trim drops whole stream nodes only, so either costs O(1) however long the history
-- is. An entry's id is its time on the Redis clock, so the age limit needs no TIME call. A cap of '' means the history
-- is off: nothing is written.
-- Every entry has the same ten fields, unknown ones empty ('', never nil): Redis then stores an entry's values only,
-- its field names being those of its stream node's first entry, which keeps both the XADD and the memory small.
-- returns the entry's id, or nil when the history is off
local function recordOutcome(stream, cap, outcome, key, uid, status, code, attempt, ms, reason, retryInMs, instance)
  if cap == '' then
    return nil
  end
  return redis.call('XADD', stream, 'MAXLEN', '~', cap, '*', 'outcome', outcome, 'key', key, 'uid', uid, 'status', status,
    'code', code, 'attempt', attempt, 'ms', ms, 'reason', reason, 'retryInMs', retryInMs, 'instance', instance)
end

-- entries older than maxAgeMs before the entry just written (lastId) go, a whole node at a time
local function trimOutcomes(stream, maxAgeMs, lastId)
  if lastId == nil then
    return
  end
  local ms = tonumber(string.match(lastId, '^(%d+)'))
  redis.call('XTRIM', stream, 'MINID', '~', string.format('%.0f', ms - tonumber(maxAgeMs)))
end
