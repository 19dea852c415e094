-- claim, cluster layout: claim-5.lua without the GET. On a Redis Cluster the message keys live in any slot, so a
-- script may not touch them; the caller reads each value with a plain GET, which the cluster client routes.
-- Every key here shares the push queue's slot (push.redis.layout=cluster puts them under its hash tag).
-- KEYS[1] push queue (list)
-- KEYS[2] temp queue (list)
-- KEYS[3] leases (sorted set: key -> deadline in ms, Redis clock)
-- KEYS[4] lease tokens (hash: key -> token of the current holder)
-- KEYS[5] attempts (hash: key -> claims of it whose lease ran out)
-- ARGV[1] token prefix of this batch: the i-th key claimed (from 1) is leased with token ARGV[1]..':'..i
-- ARGV[2] lease timeout in ms
-- ARGV[3] most keys to claim
-- returns a flat list, 2 entries per key, in claim order: key, attempt (0: a live worker holds another copy of
-- this key, and this copy was dropped); empty when the push queue is empty
--- @include "includes/claimBatch"
local q = {push = KEYS[1], temp = KEYS[2], leases = KEYS[3], tokens = KEYS[4], attempts = KEYS[5]}
local claimed = {}
claimBatch(q, ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), function(key, attempt)
  table.insert(claimed, key); table.insert(claimed, attempt)
end)
return claimed
