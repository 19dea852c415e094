-- saveTraceContexts: the trace contexts producers sent with their pushes (docs/tracing.md), written only when
-- push.tracing.enabled, in one round trip, before the pushes' keys go on the push queue, so a worker that claims a key
-- at once still finds its context. Both layouts: the keys sit beside the temp queue (its hash slot in the cluster layout).
-- KEYS[1], KEYS[2]... trace context keys (<temp queue>:trace:<push key>), one per traced push
-- ARGV[1] how long a context is kept, ms: a backstop, as a context is deleted when its push is delivered or dead-lettered
-- ARGV[2], ARGV[3]... each key's context: the traceparent, and the tracestate after a newline
-- returns how many were written
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[i + 1], 'PX', ARGV[1])
end
return #KEYS
