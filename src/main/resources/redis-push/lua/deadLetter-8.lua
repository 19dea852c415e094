-- deadLetter: take a key out of circulation with the reason it cannot be delivered. The key's value is kept,
-- so an operator can inspect it and requeue it. With the delivery history on, the outcome is an entry of it too.
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] attempts (hash)
-- KEYS[5] dead-letter list (JSON entries, newest at the head)
-- KEYS[6] stats (hash of counters)
-- KEYS[7] delivery history (stream)
-- KEYS[8] push key
-- ARGV[1] token of the claim ('' when the caller holds no lease)
-- ARGV[2] dead-letter entry (JSON)
-- ARGV[3] the history's cap in entries; '' when it is off
-- ARGV[4] the history's maximum age in ms, when this call is to trim it ('' otherwise)
-- ARGV[5] the history entry's result after its outcome and retry time: '|<status>|<attempt>|<ms>|<instance>|<code>'
-- ARGV[6] the reason, short
-- returns 1 when dead-lettered; 0 when the lease belonged to another worker (it decides)
--- @include "includes/releaseClaim"
--- @include "includes/deadLetterSettled"
if ARGV[1] ~= '' and redis.call('HGET', KEYS[3], KEYS[8]) ~= ARGV[1] then
  return 0
end
releaseClaim(KEYS[1], KEYS[2], KEYS[3], KEYS[8])
deadLetterSettled(KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
return 1
