-- enqueue: store a push message and queue its key, as the PHP producer does, but value first and atomically,
-- so a worker can never claim a key whose value is not there yet.
-- KEYS[1] push queue (list)
-- KEYS[2] push key, e.g. rabbit_push_20_175990
-- ARGV[1] message text (stored with no expiry, like the PHP producer)
-- returns 1 when queued; 0 when the key already exists (nothing written: the caller picks another nonce)
if redis.call('SET', KEYS[2], ARGV[1], 'NX') then
  redis.call('LPUSH', KEYS[1], KEYS[2])
  return 1
end
return 0
