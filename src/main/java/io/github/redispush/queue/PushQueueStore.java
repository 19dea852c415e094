package io.github.redispush.queue;


import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import io.github.redispush.config.PushSettings;
import io.github.redispush.config.UidRateLimit;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The atomic Redis operations of the pipeline, one Lua script each, run through Spring Data Redis on the same
 * connection factory as the camel-spring-redis endpoints. One implementation per key layout, as there is one folder
 * of scripts per layout: {@link SingleLayoutStore} ({@code redis-push/lua/}) and {@link ClusterLayoutStore}
 * ({@code redis-push/lua/cluster/}); the routes call it as the bean {@code <pipeline>.pushQueueStore}.
 */
public interface PushQueueStore {

    /** The store for the settings' key layout. */
    static PushQueueStore of(StringRedisTemplate redis, PushSettings settings) {
        return of(redis, settings, PushKey::randomNonce);
    }

    /** @param nonces draws the 6-digit nonces of new keys (tests make them collide) */
    static PushQueueStore of(StringRedisTemplate redis, PushSettings settings, IntSupplier nonces) {
        return settings.clusterLayout() ? new ClusterLayoutStore(redis, settings, nonces) : new SingleLayoutStore(redis, settings, nonces);
    }


    /**
     * Outcome of {@link #reapExpiredLeases()}; {@code deferred}: expired claims too deep in a long temp queue to look
     * for, left for {@link #adoptLeftovers()}; {@code awaitingValue}: expired claims without a value, now waiting for it.
     */
    record Reaped(long requeued, long deadLettered, long dropped, long deferred, long awaitingValue) {
        public boolean any() {
            return requeued + deadLettered + dropped + awaitingValue > 0;
        }
    }

    /** Outcome of {@link #adoptLeftovers()}: what one chunk of the temp queue's tail and the due adopted keys came to. */
    record Leftovers(long dropped, long adopted, long requeued, long deadLettered, long rotated) {
        /** Something was cleared or moved: worth another pass at once. */
        public boolean any() {
            return dropped + adopted + requeued + deadLettered > 0;
        }
    }

    /** Claims held by live workers, and PHP leftovers not yet settled (in the temp queue or adopted and waiting). */
    record TempQueueCensus(long inFlight, long leftovers) {
    }

    /**
     * Outcome of {@link #settleMissing(String, String)}: settled as missing (push.lookup.missing-horizon-ms is 0),
     * queued again (the value arrived), waiting for its value, or another worker's claim.
     */
    enum Missing { RELEASED, REQUEUED, AWAITING_VALUE, NOT_OURS }

    /** Outcome of {@link #recheckMissing()}: keys whose value arrived (queued again, or already held by the pipeline), settled as missing, and checked again later. */
    record Rechecked(long requeued, long alreadyHeld, long missing, long rescheduled) {
        public boolean any() {
            return requeued + alreadyHeld + missing > 0;
        }

        /** Values that arrived while their key waited. */
        public long arrived() {
            return requeued + alreadyHeld;
        }
    }

    /**
     * The schedule of the checks of a key waiting for its value: each waits as long as the key has waited so far (they
     * double apart), at least the first and at most the longest gap, up to push.lookup.missing-horizon-ms. With the
     * default horizon of 5 minutes: checks about 1, 2, 4, 8, 16, 32, 64, 124, 184, 244 s and 300 s after the lookup.
     */
    long FIRST_RECHECK_MS = 1000;
    long LONGEST_RECHECK_GAP_MS = 60000;

    /**
     * A key taken off the push queue by {@link #claim} or {@link #lease}: its raw name, the lease token, the attempt
     * number (0: a copy of a key a live worker holds, dropped), and its raw value (null when it has none), or the
     * error reading it.
     */
    record Claimed(byte[] key, String token, long attempt, byte[] value, String valueError) {

        /**
         * The key and attempt, never the value: Camel's simple language writes both sides of a comparison that does
         * not hold into a string (reliable-move's {@code ${body} == null} on a batch, each poll), and a log line
         * should not carry a push's content.
         */
        @Override
        public String toString() {
            return new String(key, StandardCharsets.UTF_8) + " (attempt " + attempt + ")";
        }
    }

    /** Outcome of {@link #scheduleRetry}. */
    enum Retry { SCHEDULED, DEAD_LETTERED, NOT_OURS }

    /** A leased claim as Redis sees it, for any instance: its lease deadline and which claim of the key it is. */
    record Lease(String key, long deadline, long attempt) {
    }

    /** The leased claims, soonest expiry first, at Redis's time {@code now}; {@code total} counts them all. */
    record Leases(long now, long total, List<Lease> soonest) {
    }

    /**
     * Writes the messages as the PHP producer would (a key set to each text, the keys on the push queue), values
     * first and all or nothing: either every message is queued, or none is (an exception then), so an intake answer
     * never says "nothing queued" of a batch that was partly queued. An existing key is never overwritten: a colliding
     * nonce is drawn again. A message with a send time has its value SET the same way, and its key waits in the
     * schedule until it is due (at once when it is due already).
     *
     * @return the queued keys, in order
     */
    List<String> enqueue(List<PushMessage> messages);

    String enqueue(PushMessage message);

    /**
     * The intake's answer: the keys of the request's messages in request order, and, when the producer sent ids, which
     * of them an earlier request with the same id queued (null when it sent none).
     */
    record Enqueued(List<String> keys, List<String> replayed) {

        /** Without ids, the answer is what it always was. */
        public static Enqueued withoutIds(List<String> keys) {
            return new Enqueued(keys, null);
        }

        public boolean idsGiven() {
            return replayed != null;
        }

        /** Every message was queued by an earlier request with its id: this one queued nothing. */
        public boolean allReplayed() {
            return replayed != null && replayed.size() == keys.size();
        }
    }

    /**
     * {@link #enqueue(List)}, once per producer id within push.intake.dedup-ttl: a request whose id (its
     * Idempotency-Key, or a message's id) was recorded by an earlier one with the same messages is answered with the
     * keys that one queued, writing nothing; one with other messages is refused ({@link IdempotencyConflictException}),
     * writing nothing. Each new id is recorded in the script that queues its messages. Without ids, exactly
     * {@link #enqueue(List)}: no record is written.
     */
    Enqueued enqueueOnce(PushRequest request);

    /**
     * Moves up to {@code max} of the oldest keys of the push queue to the temp queue, leases them and reads their
     * values; the i-th key (from 1) is leased with token {@code tokenPrefix:i}.
     *
     * @return the claims in queue order; empty when the push queue is empty
     */
    List<Claimed> claim(String tokenPrefix, int max);

    /**
     * The trace contexts producers sent with these pushes (docs/tracing.md), in one round trip: a key without one
     * (the producer sent none, tracing was off at its intake, or it expired) is left out.
     */
    Map<String, TraceContext> traceContexts(List<String> keys);

    /** Deletes a push's trace context once the push is settled (delivered or dead-lettered). */
    void forgetTraceContext(String key);

    /**
     * Records this worker's lease on a key just moved to the temp queue, and reads its value.
     *
     * @return the claim; its attempt is 0 when another live worker holds the key (this copy was dropped)
     */
    Claimed lease(String key, String token);

    /**
     * The PHP worker's move on an empty push queue: BRPOPLPUSH push queue -> temp queue, waiting at most {@code block},
     * then {@link #lease} on the key it moved. Null when no key came.
     */
    Claimed awaitAndLease(Duration block, String token);

    long renewLeases(Map<String, String> tokensByKey);

    /**
     * Reserves the next send slot of this pipeline's shared rate limit, or with {@code pauseMillis > 0} keeps
     * every instance from sending for that long.
     *
     * @return the ms to wait before sending
     */
    long reserveSendSlot(double intervalMillis, long pauseMillis);

    /** Delivered: deletes the value and, when the lease is still ours, the claim. */
    boolean acknowledge(String key, String token);

    /**
     * Several deliveries at once: deletes each value and, where the lease is still ours, the claim.
     *
     * @return how many claims were released
     */
    default long acknowledge(List<String> keys, List<String> tokens) {
        return acknowledge(keys, tokens, null);
    }

    /**
     * {@link #acknowledge(List, List)}, with each delivery's outcome for the delivery history (push.history.*), written
     * in the same script call; null: each entry names only its key.
     */
    long acknowledge(List<String> keys, List<String> tokens, List<DeliveryOutcome> outcomes);

    /**
     * A claimed key still without a value after the lookup's grace period: its claim is released, and it waits for
     * its value in Redis (see {@link #recheckMissing()}), or with push.lookup.missing-horizon-ms 0 is settled as missing.
     */
    Missing settleMissing(String key, String token);

    /**
     * Checks the keys waiting for their value that are due, a batch per round trip until none is left due: a value
     * that arrived sends its key back to the push queue, a key that waited push.lookup.missing-horizon-ms is settled
     * as missing, the others are checked again later.
     */
    Rechecked recheckMissing();

    /** Keys claimed without a value, waiting for it. */
    long awaitingValue();

    /** A stopping worker returns a claim it will not finish; true when it was still ours. */
    boolean handBack(String key, String token);

    /** @param token the claim's token, or empty when the caller holds no lease */
    default boolean deadLetter(String key, String token, DeadLetterEntry entry) {
        return deadLetter(key, token, entry, null);
    }

    /** @param outcome for the delivery history; null: what the entry says */
    boolean deadLetter(String key, String token, DeadLetterEntry entry, DeliveryOutcome outcome);

    /**
     * Releases a failed push's claim and schedules its next try {@code delayMillis} from now (Redis clock).
     *
     * @param spendsAttempt whether this failure counts as one of the key's push.max-attempts; when it was the last,
     *                      the key is dead-lettered with {@code spent} instead
     */
    default Retry scheduleRetry(String key, String token, long delayMillis, boolean spendsAttempt, DeadLetterEntry spent) {
        return scheduleRetry(key, token, delayMillis, spendsAttempt, spent, null);
    }

    /** @param outcome the failed try, for the delivery history (either outcome is recorded); null: only the key */
    Retry scheduleRetry(String key, String token, long delayMillis, boolean spendsAttempt, DeadLetterEntry spent, DeliveryOutcome outcome);

    /**
     * Moves the retries that are due back to the push queue, a batch per round trip, until none is left due.
     *
     * @return how many were moved
     */
    long moveDueRetries();

    /** Keys waiting in the retry schedule. */
    long scheduledRetries();

    /**
     * Outcome of {@link #takeUidSlot}: send now ({@code dueAt} 0), deferred to the schedule until {@code dueAt} (epoch
     * ms, Redis clock), or not sent by this worker ({@code dueAt} -1: its lease was taken over, the new holder decides).
     */
    record UidSlot(long dueAt) {
        public boolean sendNow() {
            return dueAt == 0;
        }

        public boolean deferred() {
            return dueAt > 0;
        }

        @Override
        public String toString() {
            return sendNow() ? "sent now" : deferred() ? "deferred to " + java.time.Instant.ofEpochMilli(dueAt)
                    : "its lease was taken over by another worker, which decides";
        }
    }

    /**
     * push.rate.per-uid for one claim, in one script: a slot of the uid's window open now (send it), or of a later one
     * (the claim released and the key in the schedule until that window opens, its slot reserved for it).
     */
    UidSlot takeUidSlot(String key, String token, String uid, UidRateLimit limit);

    /** Pushes deferred by push.rate.per-uid and not sent yet (their slots reserved). */
    long deferredPerUid();

    /** Outcome of {@link #cancelScheduled}. */
    enum Cancel {
        /** Taken out of the schedule, its value deleted: it will not be sent. */
        CANCELLED,
        /** Not in the schedule, but its value is there: released already (or never scheduled), queued, being sent or dead-lettered. */
        ALREADY_RELEASED,
        /** Neither in the schedule nor in Redis: no such push, or it was delivered or cancelled already. */
        NOT_SCHEDULED
    }

    /**
     * Moves the scheduled pushes that are due (Redis clock) to the push queue, a batch per round trip, until none is
     * left due.
     *
     * @return how many were released
     */
    long releaseDueScheduled();

    /**
     * Cancels a scheduled push by its key. A cancel and a release of the same key never both win: each is one script
     * that takes the key out of the schedule.
     */
    Cancel cancelScheduled(String key);

    /** Pushes waiting in the schedule. */
    long scheduledPushes();

    /** When the soonest scheduled push is due (epoch ms, Redis clock), or null when none waits. */
    Long nextScheduledDue();

    Reaped reapExpiredLeases();

    /** One bounded pass over the temp queue's tail (PHP leftovers) and the adopted keys that are due. */
    Leftovers adoptLeftovers();

    /**
     * Claims live workers hold (a lease token each, every instance) apart from PHP leftovers: temp-queue entries
     * no live worker holds, plus adopted keys waiting out their lease. Three O(1) reads, not atomic together.
     */
    TempQueueCensus tempQueueCensus();

    /** Pushes delivered by every instance since the stats began (the shared {@code delivered} counter). */
    long deliveredSoFar();

    /** Length of one of the pipeline's lists (push, temp or dead-letter queue). */
    long length(String list);

    /** At most {@code limit} leased claims of every instance, soonest expiry first. */
    Leases leases(int limit);

    /** The shared counters in the stats hash ({@code delivered}, {@code deadLettered}, {@code requeued}...). */
    Map<String, Long> stats();
}
