-- dueTime: when a push is due, in ms on the Redis clock, from the send time the intake passed: 'at:<epoch ms>'
-- (a producer's sendAt, read as given: its clock and Redis's are assumed to agree within the release interval),
-- 'in:<ms>' (a delay, counted from Redis's own now) or '' (no send time: due now). Nil for anything else, so a
-- script checks every send time before it writes anything.
local function dueTime(spec, now)
  if spec == '' then
    return now
  end
  local kind, ms = string.match(spec, '^(%a+):(%d+)$')
  if kind == 'at' then
    return tonumber(ms)
  elseif kind == 'in' then
    return now + tonumber(ms)
  end
  return nil
end
