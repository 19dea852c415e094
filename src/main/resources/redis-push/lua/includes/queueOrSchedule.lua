-- queueOrSchedule: where an intake script puts the push keys it wrote, by their send times (see dueTime).
-- dueTimes(keys, first, specOf, now): the due time of keys[first], keys[first + 1]... (specOf(i): the send time of
-- keys[i]), or nil and an error reply naming the first send time that is not one; asked before any write
-- queueOrSchedule(queue, schedule, keys, first, due, now): those due now on the push queue, in request order and in
-- bounded slices (Lua's stack), the others into the schedule by due time; returns how many were scheduled
--- @include "includes/now"
--- @include "includes/dueTime"
local function dueTimes(keys, first, specOf, now)
  local due = {}
  for i = first, #keys do
    due[i] = dueTime(specOf(i), now)
    if due[i] == nil then
      return nil, redis.error_reply('bad send time ' .. specOf(i) .. ' for ' .. keys[i] .. ': nothing queued')
    end
  end
  return due
end

local function queueOrSchedule(queue, schedule, keys, first, due, now)
  local nowQueued = {}
  local scheduled = 0
  for i = first, #keys do
    if due[i] <= now then
      table.insert(nowQueued, keys[i])
    else
      redis.call('ZADD', schedule, string.format('%.0f', due[i]), keys[i])
      scheduled = scheduled + 1
    end
  end
  for from = 1, #nowQueued, 1000 do
    redis.call('LPUSH', queue, unpack(nowQueued, from, math.min(from + 999, #nowQueued)))
  end
  return scheduled
end
