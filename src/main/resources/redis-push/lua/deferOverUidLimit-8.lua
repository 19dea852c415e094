-- deferOverUidLimit: push.rate.per-uid, asked once per claim before it is sent. Each uid has windows of ARGV[3] ms
-- with ARGV[2] slots each; a push takes the first free slot. A slot in the window open now: send it (0). A slot in a
-- later window (the uid is over its limit): the claim is released and the key goes into the schedule, due when
-- that window opens, where release-scheduled (releaseScheduled-3.lua) moves it back to the push queue; the slot stays
-- reserved for it in KEYS[5], so when it comes back it is sent without taking another. Because the uid's windows
-- are handed out in turn, a uid with 10,000 over its limit has them spread over the windows ahead, each due about
-- when it may go, and none is deferred twice. The key leaves the temp queue and enters the schedule in this one
-- script: it is always in exactly one of them, whenever the worker dies.
-- KEYS[1] temp queue (list)
-- KEYS[2] leases (sorted set)
-- KEYS[3] lease tokens (hash)
-- KEYS[4] schedule (sorted set: key -> due time in ms, Redis clock)
-- KEYS[5] deferred (sorted set: key -> start of the window its slot is reserved in)
-- KEYS[6] the uid's window (hash: start, used; expires when its window ends)
-- KEYS[7] stats (hash of counters)
-- KEYS[8] push key
-- ARGV[1] token of the claim
-- ARGV[2] pushes per window
-- ARGV[3] window in ms
-- returns 0: send it now; -1: the lease belonged to another worker (it decides); otherwise the due time it was
-- deferred to (epoch ms, Redis clock)
--- @include "includes/now"
--- @include "includes/releaseClaim"
if redis.call('HGET', KEYS[3], KEYS[8]) ~= ARGV[1] then
  return -1
end
local now = redisNowMs()
local window = tonumber(ARGV[3])
local function deferTo(due)
  releaseClaim(KEYS[1], KEYS[2], KEYS[3], KEYS[8])
  redis.call('ZADD', KEYS[4], string.format('%.0f', due), KEYS[8])
  return due
end
local reserved = redis.call('ZSCORE', KEYS[5], KEYS[8])
if reserved then
  reserved = tonumber(reserved)
  if reserved <= now then
    redis.call('ZREM', KEYS[5], KEYS[8])
    return 0
  end
  -- back on the queue before its window (requeued by hand): to its window again, without another slot
  return deferTo(reserved)
end
local state = redis.call('HMGET', KEYS[6], 'start', 'used')
local start, used = tonumber(state[1]), tonumber(state[2]) or 0
if not start or start + window <= now then
  -- no reservation left in a window still open: the uid starts afresh, its window opening now
  start, used = now, 0
elseif used >= tonumber(ARGV[2]) then
  start, used = start + window, 0
end
used = used + 1
redis.call('HSET', KEYS[6], 'start', string.format('%.0f', start), 'used', used)
redis.call('PEXPIREAT', KEYS[6], string.format('%.0f', start + window))
if start <= now then
  return 0
end
-- a reservation whose key never came back (cancelled, its value deleted) is forgotten a day after its window
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', string.format('(%.0f', now - 86400000))
redis.call('ZADD', KEYS[5], string.format('%.0f', start), KEYS[8])
redis.call('HINCRBY', KEYS[7], 'deferredPerUid', 1)
return deferTo(start)
