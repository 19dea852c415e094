-- acknowledge, cluster layout: acknowledge-7.lua without the DEL. The caller has deleted each delivered value
-- already (a plain, routed DEL: the message keys live in other slots), so a copy of the key re-queued meanwhile
-- finds no value and is not sent twice; a crash between the DEL and this call leaves a claim without a value,
-- which the lease reaper drops. The delivery history shares the push queue's slot, so it is written here too.
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] attempts (hash)
-- KEYS[5] stats (hash of counters)
-- KEYS[6] delivery history (stream)
-- ARGV[1] the history's cap in entries; '' when it is off
-- ARGV[2] the history's maximum age in ms, when this call is to trim it ('' otherwise)
-- then for each delivered push: its key and the token of its claim; with the history on, also its entry's result
-- ('delivered||<status>|<attempt>|<ms>|<instance>|<code>', see includes/recordOutcome)
-- returns how many claims were released (the others' leases belonged to another worker)
--- @include "includes/releaseClaim"
--- @include "includes/recordOutcome"
local stride = ARGV[1] == '' and 2 or 3
local released = 0
local delivered = 0
for at = 2, #ARGV - 1, stride do
  local key = ARGV[at + 1]
  if redis.call('HGET', KEYS[3], key) == ARGV[at + 2] then
    releaseClaim(KEYS[1], KEYS[2], KEYS[3], key)
    redis.call('HDEL', KEYS[4], key)
    released = released + 1
  end
  if stride > 2 then
    recordOutcome(KEYS[6], ARGV[1], key, ARGV[at + 3], '')
  end
  delivered = delivered + 1
end
trimOutcomes(KEYS[6], ARGV[2])
redis.call('HINCRBY', KEYS[5], 'delivered', delivered)
return released
