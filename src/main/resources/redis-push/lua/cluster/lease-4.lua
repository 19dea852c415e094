-- lease, cluster layout: lease-5.lua with the push key in ARGV and without the GET (the caller reads the value
-- with a plain, routed GET: on a Redis Cluster a script may only touch keys of its own slot).
-- KEYS[1] leases (sorted set: key -> deadline in ms, Redis clock)
-- KEYS[2] lease tokens (hash: key -> token of the current holder)
-- KEYS[3] attempts (hash: key -> claims of it whose lease ran out)
-- KEYS[4] temp queue (list)
-- ARGV[1] push key
-- ARGV[2] token of this claim
-- ARGV[3] lease timeout in ms
-- returns the attempt (0: another live worker holds the key, and this copy was dropped; 1 for a first claim)
--- @include "includes/now"
--- @include "includes/leaseOrDrop"
local now = redisNowMs()
local q = {leases = KEYS[1], tokens = KEYS[2], attempts = KEYS[3], temp = KEYS[4]}
return leaseOrDrop(q, ARGV[1], ARGV[2], now, string.format('%.0f', now + tonumber(ARGV[3])))
