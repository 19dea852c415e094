-- claim: the PHP worker's BRPOPLPUSH + GET, and the lease, in one round trip when the push queue has a key.
-- Moves the oldest key from the push queue to the temp queue (RPOPLPUSH), leases it as lease-5.lua does, and
-- returns it with its value. The key's own name is only known once popped, so it is not in KEYS: like the PHP
-- design, this needs a single Redis server (queues and keys in one keyspace), not a cluster.
-- KEYS[1] push queue (list)
-- KEYS[2] temp queue (list)
-- KEYS[3] leases (sorted set: key -> deadline in ms, Redis clock)
-- KEYS[4] lease tokens (hash: key -> token of the current holder)
-- KEYS[5] attempts (hash: key -> claims of it whose lease ran out)
-- ARGV[1] token of this claim
-- ARGV[2] lease timeout in ms
-- returns {} when the push queue is empty; else {key, attempt} (attempt 0: a live worker holds another copy of
-- this key, and this copy was dropped), with the value third when the key has one, or '' and the error fourth
-- when its value is not a string (the claim stands, so the worker can dead-letter it with that reason)
local key = redis.call('RPOPLPUSH', KEYS[1], KEYS[2])
if not key then
  return {}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local deadline = tonumber(redis.call('ZSCORE', KEYS[3], key) or '0')
if deadline > now and redis.call('HEXISTS', KEYS[4], key) == 1 then
  redis.call('LREM', KEYS[2], 1, key)
  return {key, 0}
end
redis.call('ZADD', KEYS[3], string.format('%.0f', now + tonumber(ARGV[2])), key)
redis.call('HSET', KEYS[4], key, ARGV[1])
local attempt = tonumber(redis.call('HGET', KEYS[5], key) or '0') + 1
local value = redis.pcall('GET', key)
if type(value) == 'table' and value.err then
  return {key, attempt, '', value.err}
end
if value then
  return {key, attempt, value}
end
return {key, attempt}
