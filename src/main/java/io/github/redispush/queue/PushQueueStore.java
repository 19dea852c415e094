package io.github.redispush.queue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

import io.github.redispush.config.PushSettings;
import io.github.redispush.config.RedisKeys;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The atomic Redis operations of the pipeline, one Lua script each (see {@code redis-push/lua/}), run through
 * Spring Data Redis on the same connection factory as the camel-spring-redis endpoints.
 */
public class PushQueueStore {

    /**
     * Outcome of {@link #reapExpiredLeases()}; {@code deferred}: expired claims too deep in a long temp queue to look
     * for, left for {@link #adoptLeftovers()}; {@code awaitingValue}: expired claims without a value, now waiting for it.
     */
    public record Reaped(long requeued, long deadLettered, long dropped, long deferred, long awaitingValue) {
        public boolean any() {
            return requeued + deadLettered + dropped + awaitingValue > 0;
        }
    }

    /** Outcome of {@link #adoptLeftovers()}: what one chunk of the temp queue's tail and the due adopted keys came to. */
    public record Leftovers(long dropped, long adopted, long requeued, long deadLettered, long rotated) {
        /** Something was cleared or moved: worth another pass at once. */
        public boolean any() {
            return dropped + adopted + requeued + deadLettered > 0;
        }
    }

    /** Claims held by live workers, and PHP leftovers not yet settled (in the temp queue or adopted and waiting). */
    public record TempQueueCensus(long inFlight, long leftovers) {
    }

    /**
     * Outcome of {@link #settleMissing(String, String)}: settled as missing (push.lookup.missing-horizon-ms is 0),
     * queued again (the value arrived), waiting for its value, or another worker's claim.
     */
    public enum Missing { RELEASED, REQUEUED, AWAITING_VALUE, NOT_OURS }

    /** Outcome of {@link #recheckMissing()}: keys whose value arrived (queued again, or already held by the pipeline), settled as missing, and checked again later. */
    public record Rechecked(long requeued, long alreadyHeld, long missing, long rescheduled) {
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
    static final long FIRST_RECHECK_MS = 1000;
    static final long LONGEST_RECHECK_GAP_MS = 60000;

    private static final int NONCE_TRIES = 20;
    /** Bounds one pass of {@link #moveDueRetries()}: the rest waits for the next pass. */
    private static final int MAX_RETRY_BATCHES = 100;

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ENQUEUE = LuaScripts.named("enqueue-2", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> LEASE = LuaScripts.named("lease-5", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLAIM = LuaScripts.named("claim-5", List.class);
    private static final RedisScript<Long> RESERVE_SEND_SLOT = LuaScripts.named("reserveSendSlot-1", Long.class);
    private static final RedisScript<Long> RENEW_LEASES = LuaScripts.named("renewLeases-2", Long.class);
    private static final RedisScript<Long> ACKNOWLEDGE = LuaScripts.named("acknowledge-6", Long.class);
    private static final RedisScript<Long> SETTLE_MISSING = LuaScripts.named("settleMissing-9", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RECHECK_MISSING = LuaScripts.named("recheckMissing-8", List.class);
    private static final RedisScript<Long> HAND_BACK = LuaScripts.named("handBack-5", Long.class);
    private static final RedisScript<Long> DEAD_LETTER = LuaScripts.named("deadLetter-7", Long.class);
    private static final RedisScript<Long> SCHEDULE_RETRY = LuaScripts.named("scheduleRetry-8", Long.class);
    private static final RedisScript<Long> MOVE_DUE_RETRIES = LuaScripts.named("moveDueRetries-3", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REAP_LEASES = LuaScripts.named("reapLeases-9", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> IN_FLIGHT = LuaScripts.named("inFlight-2", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADOPT_LEFTOVERS = LuaScripts.named("adoptLeftovers-8", List.class);

    // The cluster layout's variants: the push key is ARGV[1] instead of the last of KEYS (scripts that use it by name
    // only are rewritten so, see LuaScripts), and the message keys' values (other slots) are read, checked and
    // deleted by the caller, outside the scripts (lua/cluster/).
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLUSTER_CLAIM = LuaScripts.named("cluster/claim-5", List.class);
    private static final RedisScript<Long> CLUSTER_LEASE = LuaScripts.named("cluster/lease-4", Long.class);
    private static final RedisScript<Long> CLUSTER_ACKNOWLEDGE = LuaScripts.named("cluster/acknowledge-5", Long.class);
    private static final RedisScript<Long> CLUSTER_SETTLE_MISSING = LuaScripts.named("cluster/settleMissing-8", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLUSTER_RECHECK_MISSING = LuaScripts.named("cluster/recheckMissing-8", List.class);
    private static final RedisScript<Long> CLUSTER_HAND_BACK = LuaScripts.withPushKeyAsArgument("handBack-5", Long.class);
    private static final RedisScript<Long> CLUSTER_DEAD_LETTER = LuaScripts.withPushKeyAsArgument("deadLetter-7", Long.class);
    private static final RedisScript<Long> CLUSTER_SCHEDULE_RETRY = LuaScripts.withPushKeyAsArgument("scheduleRetry-8", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLUSTER_REAP_LEASES = LuaScripts.named("cluster/reapLeases-9", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLUSTER_ADOPT_LEFTOVERS = LuaScripts.named("cluster/adoptLeftovers-8", List.class);

    private final StringRedisTemplate redis;
    private final PushSettings settings;
    private final RedisKeys names;
    private final String[] claimKeys;
    private final String leaseTimeoutMs;
    private final IntSupplier nonces;
    private final boolean cluster;

    public PushQueueStore(StringRedisTemplate redis, PushSettings settings) {
        this(redis, settings, PushKey::randomNonce);
    }

    public PushQueueStore(StringRedisTemplate redis, PushSettings settings, IntSupplier nonces) {
        this.redis = redis;
        this.settings = settings;
        this.names = RedisKeys.of(settings);
        this.nonces = nonces;
        this.claimKeys = new String[] {names.pushQueue(), names.tempQueue(), names.leases(), names.leaseTokens(),
                names.attempts()};
        this.leaseTimeoutMs = Long.toString(settings.leaseTimeout().toMillis());
        this.cluster = settings.clusterLayout();
    }

    /**
     * Writes the messages as the PHP producer would (a key set to each text, the keys on the push queue), values
     * first and all or nothing: either every message is queued, or none is (an exception then), so an intake answer
     * never says "nothing queued" of a batch that was partly queued. An existing key is never overwritten: a colliding
     * nonce is drawn again.
     *
     * @return the queued keys, in order
     */
    public List<String> enqueue(List<PushMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        return cluster ? clusterEnqueue(messages) : singleEnqueue(messages);
    }

    public String enqueue(PushMessage message) {
        return enqueue(List.of(message)).get(0);
    }

    /** One script for the whole batch: it writes nothing unless every key is free, then LPUSHes them all. */
    @SuppressWarnings("rawtypes")
    private List<String> singleEnqueue(List<PushMessage> messages) {
        List<String> keys = new ArrayList<>(messages.size());
        Set<String> drawn = new HashSet<>();
        for (PushMessage message : messages) {
            keys.add(freshKey(message, drawn));
        }
        Object[] texts = messages.stream().map(PushMessage::content).toArray();
        for (int i = 0; i < NONCE_TRIES; i++) {
            List<String> scriptKeys = new ArrayList<>(keys.size() + 1);
            scriptKeys.add(names.pushQueue());
            scriptKeys.addAll(keys);
            List taken = redis.execute(ENQUEUE, scriptKeys, texts);
            if (taken == null || taken.isEmpty()) {
                return keys;
            }
            for (Object position : taken) {
                int index = ((Number) position).intValue() - 1;
                drawn.remove(keys.get(index));
                keys.set(index, freshKey(messages.get(index), drawn));
            }
        }
        throw new IllegalStateException("no free 6-digit nonces for a batch of " + messages.size() + " after " + NONCE_TRIES
                + " tries; nothing queued");
    }

    /**
     * Values and queue are in different slots: each value is SET NX (routed), then every key goes on the queue in one
     * LPUSH, which Redis applies whole or not at all. A failure before that LPUSH queues nothing; the values written
     * so far are deleted again (best effort: if Redis is gone, they stay, a value no queue names, never sent).
     */
    private List<String> clusterEnqueue(List<PushMessage> messages) {
        List<String> keys = new ArrayList<>(messages.size());
        Set<String> drawn = new HashSet<>();
        try {
            for (PushMessage message : messages) {
                String key = null;
                for (int i = 0; i < NONCE_TRIES && key == null; i++) {
                    String candidate = freshKey(message, drawn);
                    if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(candidate, message.content()))) {
                        key = candidate;
                    }
                }
                if (key == null) {
                    throw new IllegalStateException("no free 6-digit nonce for uid " + message.uid() + " after " + NONCE_TRIES
                            + " tries; nothing queued");
                }
                keys.add(key);
            }
            redis.opsForList().leftPushAll(names.pushQueue(), keys);
            return keys;
        } catch (RuntimeException failed) {
            try {
                if (!keys.isEmpty()) {
                    redis.delete(keys);
                }
            } catch (RuntimeException cleanupFailed) {
                failed.addSuppressed(cleanupFailed);
            }
            throw failed;
        }
    }

    /** A key for the message not drawn before in this batch (two messages of one uid may draw the same nonce). */
    private String freshKey(PushMessage message, Set<String> drawn) {
        for (int i = 0; i < NONCE_TRIES; i++) {
            String key = PushKey.of(settings.keyPrefix(), message.uid(), nonces.getAsInt());
            if (drawn.add(key)) {
                return key;
            }
        }
        throw new IllegalStateException("no free 6-digit nonce for uid " + message.uid() + " after " + NONCE_TRIES + " tries; nothing queued");
    }

    /**
     * A key taken off the push queue by {@link #claim} or {@link #lease}: its raw name, the lease token, the attempt
     * number (0: a copy of a key a live worker holds, dropped), and its raw value (null when it has none), or the
     * error reading it.
     */
    public record Claimed(byte[] key, String token, long attempt, byte[] value, String valueError) {

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

    /**
     * Moves up to {@code max} of the oldest keys of the push queue to the temp queue, leases them and reads their
     * values, in one round trip; the i-th key (from 1) is leased with token {@code tokenPrefix:i}.
     *
     * @return the claims in queue order; empty when the push queue is empty
     */
    public List<Claimed> claim(String tokenPrefix, int max) {
        if (cluster) {
            return clusterClaim(tokenPrefix, max);
        }
        List<?> flat = hot(CLAIM, ReturnType.MULTI, claimKeys, tokenPrefix, leaseTimeoutMs, Integer.toString(max));
        if (flat == null || flat.isEmpty()) {
            return List.of();
        }
        List<Claimed> claims = new ArrayList<>(flat.size() / 4);
        for (int i = 0; i < flat.size(); i += 4) {
            long follows = (Long) flat.get(i + 2);
            byte[] valueOrError = (byte[]) flat.get(i + 3);
            claims.add(new Claimed((byte[]) flat.get(i), tokenPrefix + ':' + (i / 4 + 1), (Long) flat.get(i + 1),
                    follows == 1 ? valueOrError : null,
                    follows == 2 ? new String(valueOrError, StandardCharsets.UTF_8) : null));
        }
        return claims;
    }

    /** The cluster layout's claim: the script claims, then each claimed key's value is read with a routed GET. */
    private List<Claimed> clusterClaim(String tokenPrefix, int max) {
        List<?> flat = hot(CLUSTER_CLAIM, ReturnType.MULTI, claimKeys, tokenPrefix, leaseTimeoutMs, Integer.toString(max));
        if (flat == null || flat.isEmpty()) {
            return List.of();
        }
        List<Claimed> claims = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i < flat.size(); i += 2) {
            claims.add(withValue((byte[]) flat.get(i), tokenPrefix + ':' + (i / 2 + 1), (Long) flat.get(i + 1)));
        }
        return claims;
    }

    /** A claim and its value read with a plain GET (none for a dropped copy); a value that is not a string is an error. */
    private Claimed withValue(byte[] key, String token, long attempt) {
        if (attempt == 0) {
            return new Claimed(key, token, 0, null, null);
        }
        try {
            return new Claimed(key, token, attempt, redis.execute((RedisCallback<byte[]>) connection -> connection.stringCommands().get(key)), null);
        } catch (DataAccessException e) {
            String reply = String.valueOf(e.getMostSpecificCause().getMessage());
            if (!reply.startsWith("WRONGTYPE")) {
                throw e;
            }
            return new Claimed(key, token, attempt, null, reply);
        }
    }

    /**
     * Records this worker's lease on a key just moved to the temp queue, and reads its value, in one round trip.
     *
     * @return the claim; its attempt is 0 when another live worker holds the key (this copy was dropped)
     */
    public Claimed lease(String key, String token) {
        if (cluster) {
            Long attempt = hot(CLUSTER_LEASE, ReturnType.INTEGER, new String[] {names.leases(), names.leaseTokens(),
                    names.attempts(), names.tempQueue()}, key, token, leaseTimeoutMs);
            return withValue(key.getBytes(StandardCharsets.UTF_8), token, attempt);
        }
        List<?> leased = hot(LEASE, ReturnType.MULTI, new String[] {names.leases(), names.leaseTokens(),
                names.attempts(), names.tempQueue(), key}, token, leaseTimeoutMs);
        return new Claimed(key.getBytes(StandardCharsets.UTF_8), token, (Long) leased.get(0),
                leased.size() == 2 ? (byte[]) leased.get(1) : null,
                leased.size() == 3 ? new String((byte[]) leased.get(2), StandardCharsets.UTF_8) : null);
    }

    public long renewLeases(Map<String, String> tokensByKey) {
        if (tokensByKey.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(1 + 2 * tokensByKey.size());
        args.add(Long.toString(settings.leaseTimeout().toMillis()));
        tokensByKey.forEach((key, token) -> {
            args.add(key);
            args.add(token);
        });
        return redis.execute(RENEW_LEASES, List.of(names.leases(), names.leaseTokens()), args.toArray());
    }

    /**
     * Reserves the next send slot of this pipeline's shared rate limit, or with {@code pauseMillis > 0} keeps
     * every instance from sending for that long.
     *
     * @return the ms to wait before sending
     */
    public long reserveSendSlot(double intervalMillis, long pauseMillis) {
        return redis.execute(RESERVE_SEND_SLOT, List.of(names.rate()), Double.toString(intervalMillis), Long.toString(pauseMillis));
    }

    /** Delivered: deletes the value and, when the lease is still ours, the claim. */
    public boolean acknowledge(String key, String token) {
        return acknowledge(List.of(key), List.of(token)) == 1L;
    }

    /**
     * Several deliveries at once: deletes each value and, where the lease is still ours, the claim.
     *
     * @return how many claims were released
     */
    public long acknowledge(List<String> keys, List<String> tokens) {
        if (cluster) {
            // the values first (other slots, routed), then the claims: a crash between leaves claims without values,
            // which the lease reaper drops; never a released claim whose value could be sent again
            redis.delete(keys);
            String[] keysAndTokens = new String[2 * keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                keysAndTokens[2 * i] = keys.get(i);
                keysAndTokens[2 * i + 1] = tokens.get(i);
            }
            Long released = hot(CLUSTER_ACKNOWLEDGE, ReturnType.INTEGER, new String[] {names.tempQueue(), names.leases(),
                    names.leaseTokens(), names.attempts(), names.stats()}, keysAndTokens);
            return released == null ? 0 : released;
        }
        String[] allKeys = new String[5 + keys.size()];
        allKeys[0] = names.tempQueue();
        allKeys[1] = names.leases();
        allKeys[2] = names.leaseTokens();
        allKeys[3] = names.attempts();
        allKeys[4] = names.stats();
        for (int i = 0; i < keys.size(); i++) {
            allKeys[5 + i] = keys.get(i);
        }
        Long released = hot(ACKNOWLEDGE, ReturnType.INTEGER, allKeys, tokens.toArray(String[]::new));
        return released == null ? 0 : released;
    }

    /**
     * The scripts run once per claim or per delivery, without the per-call costs of RedisTemplate's script executor
     * (a JDK proxy around the connection on every call, which a profile showed): EVALSHA on the template's own
     * connection, EVAL once when Redis does not know the script yet (a restart, SCRIPT FLUSH). Values stay bytes.
     */
    @SuppressWarnings("unchecked")
    private <T> T hot(RedisScript<?> script, ReturnType type, String[] keys, String... args) {
        byte[][] keysAndArgs = new byte[keys.length + args.length][];
        for (int i = 0; i < keys.length; i++) {
            keysAndArgs[i] = keys[i].getBytes(StandardCharsets.UTF_8);
        }
        for (int i = 0; i < args.length; i++) {
            keysAndArgs[keys.length + i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return redis.execute((RedisCallback<T>) connection -> {
            try {
                return (T) connection.scriptingCommands().evalSha(script.getSha1(), type, keys.length, keysAndArgs);
            } catch (RuntimeException e) {
                if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                    throw e;
                }
                return (T) connection.scriptingCommands().eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8), type,
                        keys.length, keysAndArgs);
            }
        }, true);
    }

    /**
     * Runs a script about one push key: in the single layout the key is the last of KEYS; in the cluster layout (the
     * key is in another slot) it is ARGV[1] of the script's cluster variant, the other arguments following.
     */
    private Long aboutKey(RedisScript<Long> single, RedisScript<Long> clustered, List<String> keys, String pushKey, String... args) {
        if (!cluster) {
            List<String> withKey = new ArrayList<>(keys);
            withKey.add(pushKey);
            return redis.execute(single, withKey, (Object[]) args);
        }
        Object[] withKey = new Object[args.length + 1];
        withKey[0] = pushKey;
        System.arraycopy(args, 0, withKey, 1, args.length);
        return redis.execute(clustered, keys, withKey);
    }

    /**
     * A claimed key still without a value after the lookup's grace period: its claim is released, and it waits for
     * its value in Redis (see {@link #recheckMissing()}), or with push.lookup.missing-horizon-ms 0 is settled as missing.
     */
    public Missing settleMissing(String key, String token) {
        List<String> keys = List.of(names.tempQueue(), names.pushQueue(), names.leases(), names.leaseTokens(),
                names.attempts(), names.stats(), names.awaitingValue(), names.awaitingValueSince());
        String horizon = Long.toString(settings.missingHorizon().toMillis());
        String first = Long.toString(FIRST_RECHECK_MS);
        long outcome = cluster
                // the value may have turned up (a slow LPUSH-then-SET producer): asked here, since the script may not
                ? aboutKey(SETTLE_MISSING, CLUSTER_SETTLE_MISSING, keys, key, token, Boolean.TRUE.equals(redis.hasKey(key)) ? "1" : "0", horizon, first)
                : aboutKey(SETTLE_MISSING, CLUSTER_SETTLE_MISSING, keys, key, token, horizon, first);
        return switch ((int) outcome) {
            case 1 -> Missing.RELEASED;
            case 2 -> Missing.REQUEUED;
            case 3 -> Missing.AWAITING_VALUE;
            default -> Missing.NOT_OURS;
        };
    }

    /**
     * Checks the keys waiting for their value that are due, a batch per round trip until none is left due: a value
     * that arrived sends its key back to the push queue, a key that waited push.lookup.missing-horizon-ms is settled
     * as missing, the others are checked again later (recheckMissing-8.lua).
     */
    public Rechecked recheckMissing() {
        List<String> keys = List.of(names.awaitingValue(), names.awaitingValueSince(), names.pushQueue(), names.leases(),
                names.retries(), names.attempts(), names.stats(), names.tempQueue());
        int batch = settings.redeliverBatchSize();
        List<String> args = List.of(Long.toString(settings.missingHorizon().toMillis()), Integer.toString(batch),
                Long.toString(FIRST_RECHECK_MS), Long.toString(LONGEST_RECHECK_GAP_MS), Integer.toString(settings.redeliverScanSize()));
        long requeued = 0;
        long held = 0;
        long missing = 0;
        long rescheduled = 0;
        for (int round = 0; round < MAX_RETRY_BATCHES; round++) {
            List<?> counts;
            int looked;
            if (cluster) {
                // the due keys first, then whether each has its value (other slots, routed); the script settles only
                // those still waiting and still due
                List<String> withValues = new ArrayList<>(args);
                long now = redis.execute((RedisCallback<Long>) connection -> connection.serverCommands().time());
                java.util.Set<String> due = redis.opsForZSet().rangeByScore(names.awaitingValue(), Double.NEGATIVE_INFINITY, now, 0, batch);
                if (due == null || due.isEmpty()) {
                    break;
                }
                for (String key : due) {
                    withValues.add(key);
                    withValues.add(Boolean.TRUE.equals(redis.hasKey(key)) ? "1" : "0");
                }
                looked = due.size();
                counts = redis.execute(CLUSTER_RECHECK_MISSING, keys, withValues.toArray());
            } else {
                counts = redis.execute(RECHECK_MISSING, keys, args.toArray());
                looked = (int) (count(counts, 0) + count(counts, 1) + count(counts, 2) + count(counts, 3));
            }
            requeued += count(counts, 0);
            held += count(counts, 1);
            missing += count(counts, 2);
            rescheduled += count(counts, 3);
            if (looked < batch) {
                break;
            }
        }
        return new Rechecked(requeued, held, missing, rescheduled);
    }

    /** Keys claimed without a value, waiting for it. */
    public long awaitingValue() {
        return orZero(redis.opsForZSet().zCard(names.awaitingValue()));
    }

    /** A stopping worker returns a claim it will not finish; true when it was still ours. */
    public boolean handBack(String key, String token) {
        return aboutKey(HAND_BACK, CLUSTER_HAND_BACK, List.of(names.tempQueue(), names.pushQueue(), names.leases(),
                names.leaseTokens()), key, token) == 1L;
    }

    /** @param token the claim's token, or empty when the caller holds no lease */
    public boolean deadLetter(String key, String token, DeadLetterEntry entry) {
        return aboutKey(DEAD_LETTER, CLUSTER_DEAD_LETTER, List.of(names.tempQueue(), names.leases(), names.leaseTokens(),
                names.attempts(), names.deadLetterQueue(), names.stats()), key,
                token == null ? "" : token, entry.toJson()) == 1L;
    }

    /** Outcome of {@link #scheduleRetry}. */
    public enum Retry { SCHEDULED, DEAD_LETTERED, NOT_OURS }

    /**
     * Releases a failed push's claim and schedules its next try {@code delayMillis} from now (Redis clock).
     *
     * @param spendsAttempt whether this failure counts as one of the key's push.max-attempts; when it was the last,
     *                      the key is dead-lettered with {@code spent} instead
     */
    public Retry scheduleRetry(String key, String token, long delayMillis, boolean spendsAttempt, DeadLetterEntry spent) {
        long outcome = aboutKey(SCHEDULE_RETRY, CLUSTER_SCHEDULE_RETRY, List.of(names.tempQueue(), names.leases(),
                names.leaseTokens(), names.attempts(), names.retries(), names.deadLetterQueue(), names.stats()), key,
                token, Long.toString(Math.max(0, delayMillis)), spendsAttempt ? "1" : "0", Integer.toString(settings.maxAttempts()),
                spent == null ? "" : spent.toJson());
        return outcome == 1L ? Retry.SCHEDULED : outcome == 2L ? Retry.DEAD_LETTERED : Retry.NOT_OURS;
    }

    /**
     * Moves the retries that are due back to the push queue, a batch per round trip (so Redis is never held long),
     * until none is left due: a busy pipeline can schedule more retries per interval than one batch holds.
     *
     * @return how many were moved
     */
    public long moveDueRetries() {
        long moved = 0;
        for (int round = 0; round < MAX_RETRY_BATCHES; round++) {
            long batch = redis.execute(MOVE_DUE_RETRIES, List.of(names.retries(), names.pushQueue(), names.stats()),
                    Integer.toString(settings.redeliverBatchSize()));
            moved += batch;
            if (batch < settings.redeliverBatchSize()) {
                break;
            }
        }
        return moved;
    }

    /** Keys waiting in the retry schedule. */
    public long scheduledRetries() {
        Long size = redis.opsForZSet().zCard(names.retries());
        return size == null ? 0 : size;
    }

    public Reaped reapExpiredLeases() {
        List<String> keys = List.of(names.tempQueue(), names.pushQueue(), names.leases(), names.leaseTokens(),
                names.attempts(), names.deadLetterQueue(), names.stats(), names.awaitingValue(), names.awaitingValueSince());
        // an expired claim without a value (its worker died during the lookup's grace period) waits for its value
        List<String> args = new ArrayList<>(List.of(Long.toString(settings.leaseTimeout().toMillis()), Integer.toString(settings.maxAttempts()),
                Integer.toString(settings.redeliverBatchSize()), Integer.toString(settings.redeliverScanSize()),
                Long.toString(settings.missingHorizon().toMillis()), Long.toString(FIRST_RECHECK_MS)));
        if (!cluster) {
            List<?> counts = redis.execute(REAP_LEASES, keys, args.toArray());
            return new Reaped(count(counts, 0), count(counts, 1), count(counts, 2), count(counts, 3), count(counts, 4));
        }
        // the expired leases first, then whether each still has its value (other slots, routed); the script settles
        // only those whose lease is still there and still expired
        Leases soonest = leases(settings.redeliverBatchSize());
        for (Lease lease : soonest.soonest()) {
            if (lease.deadline() <= soonest.now()) {
                args.add(lease.key());
                args.add(Boolean.TRUE.equals(redis.hasKey(lease.key())) ? "1" : "0");
            }
        }
        if (args.size() == 6) {
            return new Reaped(0, 0, 0, 0, 0);
        }
        List<?> counts = redis.execute(CLUSTER_REAP_LEASES, keys, args.toArray());
        return new Reaped(count(counts, 0), count(counts, 1), count(counts, 2), count(counts, 3), count(counts, 4));
    }

    /** One bounded pass over the temp queue's tail (PHP leftovers) and the adopted keys that are due. */
    public Leftovers adoptLeftovers() {
        List<?> counts = redis.execute(cluster ? CLUSTER_ADOPT_LEFTOVERS : ADOPT_LEFTOVERS, List.of(names.tempQueue(), names.pushQueue(), names.leases(),
                names.adopted(), names.attempts(), names.deadLetterQueue(), names.stats(), names.retries()),
                Long.toString(settings.leaseTimeout().toMillis()), Integer.toString(settings.maxAttempts()),
                Integer.toString(settings.redeliverScanSize()), Integer.toString(settings.redeliverBatchSize()));
        return new Leftovers(count(counts, 0), count(counts, 1), count(counts, 2), count(counts, 3), count(counts, 4));
    }

    /**
     * Claims live workers hold (a lease token each, every instance) apart from PHP leftovers: temp-queue entries
     * no live worker holds, plus adopted keys waiting out their lease. Three O(1) reads, not atomic together.
     */
    public TempQueueCensus tempQueueCensus() {
        long inFlight = orZero(redis.opsForHash().size(names.leaseTokens()));
        long temp = length(names.tempQueue());
        long adopted = orZero(redis.opsForZSet().zCard(names.adopted()));
        return new TempQueueCensus(inFlight, Math.max(0, temp - inFlight) + adopted);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    /** Pushes delivered by every instance since the stats began (the shared {@code delivered} counter). */
    public long deliveredSoFar() {
        Object delivered = redis.opsForHash().get(names.stats(), "delivered");
        return delivered == null ? 0 : Long.parseLong(delivered.toString());
    }

    /** Length of one of the pipeline's lists (push, temp or dead-letter queue). */
    public long length(String list) {
        Long length = redis.opsForList().size(list);
        return length == null ? 0 : length;
    }

    /** A leased claim as Redis sees it, for any instance: its lease deadline and which claim of the key it is. */
    public record Lease(String key, long deadline, long attempt) {
    }

    /** The leased claims, soonest expiry first, at Redis's time {@code now}; {@code total} counts them all. */
    public record Leases(long now, long total, List<Lease> soonest) {
    }

    /** At most {@code limit} leased claims of every instance, soonest expiry first. */
    public Leases leases(int limit) {
        List<?> found = redis.execute(IN_FLIGHT, List.of(names.leases(), names.attempts()), Integer.toString(limit));
        List<Lease> leases = new ArrayList<>();
        for (int i = 2; i + 2 < found.size(); i += 3) {
            // the stored count is of attempts already spent: this claim is the next one
            leases.add(new Lease((String) found.get(i), count(found, i + 1), count(found, i + 2) + 1));
        }
        return new Leases(count(found, 0), count(found, 1), leases);
    }

    /** The shared counters in the stats hash ({@code delivered}, {@code deadLettered}, {@code requeued}...). */
    public Map<String, Long> stats() {
        Map<String, Long> stats = new java.util.TreeMap<>();
        redis.<String, String>opsForHash().entries(names.stats()).forEach((name, value) -> stats.put(name, Long.parseLong(value)));
        return stats;
    }

    private static long count(List<?> counts, int index) {
        return ((Number) counts.get(index)).longValue();
    }
}
