-- cancelScheduled, cluster layout: the push key is in another slot, so this only takes it out of the schedule; the
-- caller deletes its value (routed) when it was there, and otherwise asks whether the value exists to tell a
-- released push from an unknown one. Whichever of this and releaseScheduled-3 runs first wins.
-- KEYS[1] schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[2] stats (hash of counters)
-- ARGV[1] push key
-- returns 1 when it was in the schedule (now cancelled), 0 otherwise
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[2], 'scheduledCancelled', 1)
  return 1
end
return 0
