-- recordOutcome: one entry of the delivery history (push.history.*, docs/delivery-history.md), a stream capped by
-- count with XADD MAXLEN ~, a '~' trim dropping whole stream nodes only, so it costs O(1) however long the history
-- is. An entry's id is its time on the Redis clock. A cap of '' means the history is off: nothing is written.
-- An entry has three fields, always the same: the key, the result and the reason (free text, '' for a delivery).
-- The result packs the rest into one value, 'outcome|retryInMs|status|attempt|ms|instance|code' (the code last: it
-- is the only one that may hold a '|'), built by the caller (DeliveryOutcome.java). One value instead of ten halves
-- the XADD's work and the script's arguments, which is most of what the history costs per push.
--- @include "includes/now"
local function recordOutcome(stream, cap, key, result, reason)
  if cap ~= '' then
    redis.call('XADD', stream, 'MAXLEN', '~', cap, '*', 'key', key, 'result', result, 'reason', reason)
  end
end

-- the age cap: entries older than maxAgeMs go, a whole node at a time. The caller asks for it at most once a second
-- (DeliveryHistory.java), not with every write: '' means not this time.
local function trimOutcomes(stream, maxAgeMs)
  if maxAgeMs ~= '' then
    redis.call('XTRIM', stream, 'MINID', '~', string.format('%.0f', redisNowMs() - tonumber(maxAgeMs)))
  end
end
