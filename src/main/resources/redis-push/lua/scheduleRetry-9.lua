-- scheduleRetry: a push failed and will be tried again later. The claim is released at once (token-checked), so
-- no deliverer waits out the backoff, and the key goes into the retry schedule, due ARGV[2] ms from now on Redis's
-- clock; the redeliver-due-retries route moves it back to the push queue then (moveDueRetries-3.lua). Being in
-- Redis, a scheduled retry survives a crash or a restart.
-- With ARGV[3] = 1 the failure spends one of the key's attempts (the same count the lease reaper keeps); when that
-- was its last, the key goes to the dead-letter list instead, value kept. With ARGV[3] = 0 (the provider is down
-- or refuses our credentials: the message is not at fault) no attempt is spent.
-- With the delivery history on, either outcome is an entry of it too.
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] attempts (hash)
-- KEYS[5] retry schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[6] dead-letter list
-- KEYS[7] stats (hash of counters)
-- KEYS[8] delivery history (stream)
-- KEYS[9] push key
-- ARGV[1] token of the claim
-- ARGV[2] delay in ms before the next try
-- ARGV[3] 1: the failure spends an attempt; 0: it does not
-- ARGV[4] maximum attempts
-- ARGV[5] dead-letter entry (JSON), used when the attempts are spent
-- ARGV[6] the history's cap in entries; '' when it is off
-- ARGV[7] the history's maximum age in ms, when this call is to trim it ('' otherwise)
-- ARGV[8] the history entry's result after its outcome and retry time: '|<status>|<attempt>|<ms>|<instance>|<code>'
-- ARGV[9] the reason, short
-- returns 1 when scheduled; 2 when dead-lettered; 0 when the lease belonged to another worker (it decides)
--- @include "includes/now"
--- @include "includes/releaseClaim"
--- @include "includes/recordOutcome"
--- @include "includes/deadLetterSettled"
if redis.call('HGET', KEYS[3], KEYS[9]) ~= ARGV[1] then
  return 0
end
releaseClaim(KEYS[1], KEYS[2], KEYS[3], KEYS[9])
if ARGV[3] == '1' and redis.call('HINCRBY', KEYS[4], KEYS[9], 1) >= tonumber(ARGV[4]) then
  deadLetterSettled(KEYS[4], KEYS[6], KEYS[7], KEYS[8], KEYS[9], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9])
  return 2
end
local now = redisNowMs()
redis.call('ZADD', KEYS[5], string.format('%.0f', now + tonumber(ARGV[2])), KEYS[9])
recordOutcome(KEYS[8], ARGV[6], KEYS[9], 'retried|' .. ARGV[2] .. ARGV[8], ARGV[9])
trimOutcomes(KEYS[8], ARGV[7])
return 1
