-- claim: the PHP worker's BRPOPLPUSH + GET, and the lease, in one round trip for up to ARGV[3] keys.
-- Moves the oldest keys from the push queue to the temp queue (RPOPLPUSH, one at a time, so a crash between two
-- leaves each key either queued or claimed), leases each as lease-5.lua does, and returns them with their values.
-- It stops at an empty queue, so a nearly empty queue gives one key at a time and a deep backlog gives batches.
-- The keys' own names are only known once popped, so they are not in KEYS: like the PHP design, this needs a
-- single Redis server (queues and keys in one keyspace), not a cluster.
-- KEYS[1] push queue (list)
-- KEYS[2] temp queue (list)
-- KEYS[3] leases (sorted set: key -> deadline in ms, Redis clock)
-- KEYS[4] lease tokens (hash: key -> token of the current holder)
-- KEYS[5] attempts (hash: key -> claims of it whose lease ran out)
-- ARGV[1] token prefix of this batch: the i-th key claimed (from 1) is leased with token ARGV[1]..':'..i
-- ARGV[2] lease timeout in ms
-- ARGV[3] most keys to claim
-- returns a flat list, 4 entries per key, in claim order: key, attempt (0: a live worker holds another copy of
-- this key, and this copy was dropped), what follows (0: no value, 1: the value, 2: the value is not a string),
-- and the value or the error ('' otherwise); empty when the push queue is empty
--- @include "includes/claimBatch"
local q = {push = KEYS[1], temp = KEYS[2], leases = KEYS[3], tokens = KEYS[4], attempts = KEYS[5]}
local claimed = {}
claimBatch(q, ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), function(key, attempt)
  table.insert(claimed, key); table.insert(claimed, attempt)
  if attempt == 0 then
    table.insert(claimed, 0); table.insert(claimed, '')
    return
  end
  local value = redis.pcall('GET', key)
  if type(value) == 'table' and value.err then
    table.insert(claimed, 2); table.insert(claimed, value.err)
  elseif value then
    table.insert(claimed, 1); table.insert(claimed, value)
  else
    table.insert(claimed, 0); table.insert(claimed, '')
  end
end)
return claimed
