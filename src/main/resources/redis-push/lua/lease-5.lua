-- lease: record who holds a key that BRPOPLPUSH has just moved to the temp queue, and until when, and read its
-- value in the same round trip (the blocking pop is the path live traffic takes: no second trip for the GET).
-- The redeliver route re-queues a claim only once its lease has run out, so a live worker is never raced.
-- A key queued twice can be claimed twice at once; while a live worker holds it, the second copy is dropped
-- rather than sent again (the first delivery deletes the value, so any later copy is released as missing).
-- KEYS[1] leases (sorted set: key -> deadline in ms, Redis clock)
-- KEYS[2] lease tokens (hash: key -> token of the current holder)
-- KEYS[3] attempts (hash: key -> claims of it whose lease ran out; survives crashes, unlike Camel's counters)
-- KEYS[4] temp queue (list)
-- KEYS[5] push key
-- ARGV[1] token of this claim
-- ARGV[2] lease timeout in ms
-- returns {attempt} (attempt 0: another live worker holds the key, and this copy was dropped; 1 for a first claim),
-- with the value second when the key has one, or '' and the error third when its value is not a string
--- @include "includes/now"
--- @include "includes/leaseOrDrop"
local now = redisNowMs()
local q = {leases = KEYS[1], tokens = KEYS[2], attempts = KEYS[3], temp = KEYS[4]}
local attempt = leaseOrDrop(q, KEYS[5], ARGV[1], now, string.format('%.0f', now + tonumber(ARGV[2])))
if attempt == 0 then
  return {0}
end
local value = redis.pcall('GET', KEYS[5])
if type(value) == 'table' and value.err then
  return {attempt, '', value.err}
end
if value then
  return {attempt, value}
end
return {attempt}
