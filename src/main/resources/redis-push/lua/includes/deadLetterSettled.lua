-- deadLetterSettled: a push whose claim was just released is dead-lettered for good, the one way both deadLetter-8
-- and scheduleRetry-9 (attempts spent) do it: its attempt count goes, the caller's entry heads the dead-letter list
-- (value kept, so an operator can requeue it), the shared counter counts it and, with the history on, it is an entry
-- of the history ('dead-lettered' and the caller's result after it, see includes/recordOutcome).
--- @include "includes/recordOutcome"
local function deadLetterSettled(attempts, deadLetters, stats, history, key, entry, cap, trimAgeMs, resultTail, reason)
  redis.call('HDEL', attempts, key)
  redis.call('LPUSH', deadLetters, entry)
  redis.call('HINCRBY', stats, 'deadLettered', 1)
  recordOutcome(history, cap, key, 'dead-lettered|' .. resultTail, reason)
  trimOutcomes(history, trimAgeMs)
end
