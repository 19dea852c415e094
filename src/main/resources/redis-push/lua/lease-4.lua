-- lease: record who holds a key that BRPOPLPUSH has just moved to the temp queue, and until when.
-- The redeliver route re-queues a claim only once its lease has run out, so a live worker is never raced.
-- KEYS[1] leases (sorted set: key -> deadline in ms, Redis clock)
-- KEYS[2] lease tokens (hash: key -> token of the current holder)
-- KEYS[3] attempts (hash: key -> number of claims so far; survives crashes, unlike Camel's counters)
-- KEYS[4] push key
-- ARGV[1] token of this claim
-- ARGV[2] lease timeout in ms
-- returns the attempt number of this claim (1 for the first)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], string.format('%.0f', now + tonumber(ARGV[2])), KEYS[4])
redis.call('HSET', KEYS[2], KEYS[4], ARGV[1])
return redis.call('HINCRBY', KEYS[3], KEYS[4], 1)
