package io.github.redispush.config;

/**
 * Every Redis key name of one pipeline, built in one place (as asynq's {@code base.go} does), so a reader, or a
 * cluster hash tag, finds them all at once. The producers' names (the push queue, the message keys
 * {@code rabbit_push_<uid>_<n>}) never move; the bookkeeping keys sit next to the temp queue, and the dead-letter
 * index next to its list, so in the cluster layout every one of them shares the push queue's hash slot
 * ({@link KeyLayout#name} tags the temp and dead-letter queues).
 */
public record RedisKeys(
        /** The producers' list of message keys (LPUSH by PHP, the oldest at the tail). */
        String pushQueue,
        /** Claimed keys, as the PHP worker's RPOPLPUSH target. */
        String tempQueue,
        /** Delivered-never entries, one JSON each. */
        String deadLetterQueue,
        /** Lease deadlines by key (a sorted set, Redis clock, ms). */
        String leases,
        /** The token of each key's live lease (a hash). */
        String leaseTokens,
        /** Attempts already spent per key (a hash). */
        String attempts,
        /** The retry schedule: keys by the time their next try is due (a sorted set, Redis clock, ms). */
        String retries,
        /** PHP leftovers taken out of the temp queue, waiting out one lease before they are queued again. */
        String adopted,
        /** Keys claimed without a value, waiting for it, by the time they are checked next (a sorted set). */
        String awaitingValue,
        /** When each key waiting for its value was first found without one (a hash, Redis clock, ms). */
        String awaitingValueSince,
        /** The next free send slot of the shared rate limit. */
        String rate,
        /** The shared counters ({@code delivered}, {@code deadLettered}, {@code requeued}...). */
        String stats,
        /** Push key -> its newest dead-letter entry, so one key's entry is found without walking the list. */
        String deadLetterIndex,
        /** How many entries at the dead-letter list's tail (its oldest) the index covers. */
        String deadLetterIndexed,
        /**
         * Prefix of the intake's idempotency records, one string per producer id ({@link #idempotency(String)}), written
         * only when a producer sends an id.
         */
        String idempotencyPrefix,
        /** Scheduled pushes: keys by the time they are due on the push queue (a sorted set, Redis clock, ms). */
        String scheduled,
        /**
         * Prefix of the producers' trace contexts, one string per push key ({@link #traceContext(String)}), written only
         * when push.tracing.enabled and the producer sent a {@code traceparent} (docs/tracing.md).
         */
        String traceContextPrefix,
        /**
         * Pushes deferred by push.rate.per-uid: key -> the start of the window its slot is reserved in (a sorted set,
         * Redis clock, ms), so when it is released into that window it is sent without taking a second slot.
         */
        String deferred,
        /** Prefix of each uid's window under push.rate.per-uid ({@link #uidWindow(String)}), written only when it is on. */
        String uidWindowPrefix,
        /**
         * The delivery history (push.history.*): one stream entry per outcome (delivered, retried, dead-lettered),
         * capped by count and age, written in the same script as the outcome; nothing while the history is off.
         */
        String history) {

    /**
     * The record of a producer's id ({@code Idempotency-Key} or a message's {@code id}): the request's fingerprint and
     * the keys it queued, kept push.intake.dedup-ttl. Beside the temp queue, so in the cluster layout it shares the push
     * queue's slot and is written in the same script as the LPUSH; the id follows the tag, so its braces never move it.
     */
    public String idempotency(String id) {
        return idempotencyPrefix + id;
    }

    /**
     * The trace context a producer sent with a push ({@code traceparent}, and {@code tracestate} after a newline), beside
     * its value, never in it. Beside the temp queue, so in the cluster layout every push's context shares the push queue's
     * slot, and a worker reads a whole claimed batch's contexts in one MGET.
     */
    public String traceContext(String pushKey) {
        return traceContextPrefix + pushKey;
    }

    /**
     * A uid's window under push.rate.per-uid: a hash of {@code start} (ms, Redis clock) and {@code used} slots of the
     * latest window with a reservation, expiring when that window ends. Beside the temp queue, so in the cluster layout
     * it shares the push queue's slot and is written in the same script as the deferral; the uid follows the tag.
     */
    public String uidWindow(String uid) {
        return uidWindowPrefix + uid;
    }

    /** The names of the pipeline {@code settings} describes, in its layout (its queues are already named for it). */
    public static RedisKeys of(PushSettings settings) {
        String temp = settings.tempQueue();
        String dead = settings.deadLetterQueue();
        // next to the temp queue, so two pipelines with different queues never share them
        return new RedisKeys(settings.pushQueue(), temp, dead,
                temp + ":leases", temp + ":tokens", temp + ":attempts", temp + ":retries", temp + ":adopted",
                temp + ":awaiting-value", temp + ":awaiting-value:since", temp + ":rate", temp + ":stats",
                dead + ":index", dead + ":indexed", temp + ":idempotency:", temp + ":scheduled", temp + ":trace:",
                temp + ":deferred", temp + ":uid-window:", temp + ":history");
    }
}
