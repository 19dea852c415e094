-- cancelScheduled: a scheduled push taken out of the schedule and its value deleted, unless releaseScheduled-3 has
-- moved it to the push queue already (then it stays where it is, and will be sent).
-- KEYS[1] schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[2] stats (hash of counters)
-- KEYS[3] push key
-- returns 1 cancelled; 2 not in the schedule but its value is there (released, or never scheduled: it is queued or
-- being sent); 0 neither (no such push, or it was delivered or cancelled already)
if redis.call('ZREM', KEYS[1], KEYS[3]) == 1 then
  redis.call('DEL', KEYS[3])
  redis.call('HINCRBY', KEYS[2], 'scheduledCancelled', 1)
  return 1
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  return 2
end
return 0
