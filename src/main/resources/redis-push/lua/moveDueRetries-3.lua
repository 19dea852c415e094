-- moveDueRetries: the retries whose time has come go back on the push queue (LPUSH, behind what is waiting, as
-- the lease reaper re-queues), where any worker claims them like a new key.
-- KEYS[1] retry schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[2] push queue (list)
-- KEYS[3] stats (hash of counters)
-- ARGV[1] how many retries to move in one call
-- returns the number moved
--- @include "includes/moveDue"
return moveDue(KEYS[1], KEYS[2], KEYS[3], 'retried', tonumber(ARGV[1]))
