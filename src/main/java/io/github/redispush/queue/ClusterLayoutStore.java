package io.github.redispush.queue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

import io.github.redispush.config.PushSettings;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The store of the cluster key layout, with the scripts of {@code redis-push/lua/cluster/}: the bookkeeping keys
 * share the push queue's hash slot, but each message key hashes to a slot of its own, so its value is read, checked
 * and deleted here with routed commands, outside the scripts, and a script names it in ARGV, never in KEYS.
 * handBack-5, deadLetter-8, scheduleRetry-9 and deferOverUidLimit-8 only name the push key, never read it: they are the single
 * layout's scripts, loaded with the key moved to ARGV[1] ({@link LuaScripts#withPushKeyAsArgument}).
 */
public class ClusterLayoutStore extends AbstractPushQueueStore {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLAIM = LuaScripts.named("cluster/claim-5", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ENQUEUE_ONCE = LuaScripts.named("cluster/enqueueOnce-3", List.class);
    private static final RedisScript<Long> LEASE = LuaScripts.named("cluster/lease-4", Long.class);
    private static final RedisScript<Long> SCHEDULE_KEYS = LuaScripts.named("cluster/scheduleKeys-2", Long.class);
    private static final RedisScript<Long> CANCEL_SCHEDULED = LuaScripts.named("cluster/cancelScheduled-2", Long.class);
    private static final RedisScript<Long> ACKNOWLEDGE = LuaScripts.named("cluster/acknowledge-6", Long.class);
    private static final RedisScript<Long> SETTLE_MISSING = LuaScripts.named("cluster/settleMissing-8", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RECHECK_MISSING = LuaScripts.named("cluster/recheckMissing-8", List.class);
    private static final RedisScript<Long> HAND_BACK = LuaScripts.withPushKeyAsArgument("handBack-5", Long.class);
    private static final RedisScript<Long> DEAD_LETTER = LuaScripts.withPushKeyAsArgument("deadLetter-8", Long.class);
    private static final RedisScript<Long> DEFER_OVER_UID_LIMIT = LuaScripts.withPushKeyAsArgument("deferOverUidLimit-8", Long.class);
    private static final RedisScript<Long> SCHEDULE_RETRY = LuaScripts.withPushKeyAsArgument("scheduleRetry-9", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REAP_LEASES = LuaScripts.named("cluster/reapLeases-9", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADOPT_LEFTOVERS = LuaScripts.named("cluster/adoptLeftovers-8", List.class);

    public ClusterLayoutStore(StringRedisTemplate redis, PushSettings settings, IntSupplier nonces) {
        super(redis, settings, nonces, new LayoutScripts(HAND_BACK, DEAD_LETTER, SCHEDULE_RETRY, ADOPT_LEFTOVERS, DEFER_OVER_UID_LIMIT));
    }

    /**
     * Values and queue are in different slots: each value is SET NX (routed), then every key goes on the queue in one
     * LPUSH, which Redis applies whole or not at all. A failure before that LPUSH queues nothing; the values written
     * so far are deleted again (best effort: if Redis is gone, they stay, a value no queue names, never sent).
     */
    @Override
    protected List<String> enqueueAll(List<PushMessage> messages) {
        return setValuesThen(messages, keys -> redis.opsForList().leftPushAll(names.pushQueue(), keys));
    }

    /**
     * As {@link #enqueueAll}, with scheduleKeys-2 in place of the LPUSH: it queues the keys due now and schedules the
     * others in one script (the push queue and the schedule share a slot), so it too happens whole or not at all.
     */
    @Override
    protected List<String> enqueueScheduledAll(List<PushMessage> messages) {
        return setValuesThen(messages, keys -> {
            Object[] keysAndTimes = new Object[2 * keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                keysAndTimes[2 * i] = keys.get(i);
                keysAndTimes[2 * i + 1] = SendTime.specOf(messages.get(i));
            }
            redis.execute(SCHEDULE_KEYS, List.of(names.pushQueue(), names.scheduled()), keysAndTimes);
        });
    }

    /**
     * The schedule's ZREM first (in the push queue's slot, atomic against a release), then the value (routed); a
     * crash between leaves a value no queue names, never sent.
     */
    @Override
    protected Cancel cancelScheduledKey(String key) {
        long removed = redis.execute(CANCEL_SCHEDULED, List.of(names.scheduled(), names.stats()), key);
        if (removed == 1L) {
            redis.delete(key);
            return Cancel.CANCELLED;
        }
        return "1".equals(hasValue(key)) ? Cancel.ALREADY_RELEASED : Cancel.NOT_SCHEDULED;
    }

    /** Each value SET NX (routed), then {@code queue} with the keys in request order; on a failure the values go again. */
    private List<String> setValuesThen(List<PushMessage> messages, java.util.function.Consumer<List<String>> queue) {
        List<String> keys = new ArrayList<>(messages.size());
        try {
            writeValues(messages, keys);
            // the keys are ours now (SET NX) and not queued yet: their trace contexts go first (none unless push.tracing.enabled)
            saveTraceContexts(keys, messages);
            queue.accept(keys);
            return keys;
        } catch (RuntimeException failed) {
            deleteValues(keys, failed);
            forgetTraceContextsAfter(keys, messages, failed);
            throw failed;
        }
    }

    /**
     * As {@link #enqueueAll}, with the LPUSH and the ids' records in one script in the push queue's slot
     * (cluster/enqueueOnce-2): the values are written first, as for any intake in this layout, and deleted again when
     * the script finds an id recorded. The records are read first, so a repeat writes no value at all; the script's own
     * check covers a concurrent request that records the id in between.
     */
    @Override
    @SuppressWarnings("rawtypes")
    protected RecordedTry enqueueRecorded(List<IdGroup> groups) {
        List<String> recordKeys = recordKeys(groups);
        List<String> found = redis.opsForValue().multiGet(recordKeys);
        Map<Integer, String> recordedBefore = new LinkedHashMap<>();
        for (int i = 0; found != null && i < found.size(); i++) {
            if (found.get(i) != null) {
                recordedBefore.put(i + 1, found.get(i));
            }
        }
        if (!recordedBefore.isEmpty()) {
            return RecordedTry.recorded(byGroup(groups, recordedBefore));
        }
        List<PushMessage> messages = groups.stream().flatMap(group -> group.messages().stream()).toList();
        List<String> keys = new ArrayList<>(messages.size());
        try {
            writeValues(messages, keys);
            saveTraceContexts(keys, messages);
            List<String> scriptKeys = new ArrayList<>(2 + recordKeys.size());
            scriptKeys.add(names.pushQueue());
            scriptKeys.add(names.scheduled());
            scriptKeys.addAll(recordKeys);
            List<Object> args = new ArrayList<>(1 + recordKeys.size() + 2 * keys.size());
            args.add(dedupTtlMs());
            args.addAll(recordValues(groups, keys));
            for (int i = 0; i < keys.size(); i++) {
                args.add(keys.get(i));
                args.add(SendTime.specOf(messages.get(i)));
            }
            List reply = redis.execute(ENQUEUE_ONCE, scriptKeys, args.toArray());
            if (reply == null || reply.isEmpty()) {
                return RecordedTry.queued(keys);
            }
            // an id recorded since the read: these values belong to no queued key
            redis.delete(keys);
            forgetTraceContexts(keys, messages);
            return RecordedTry.recorded(byGroup(groups, recordsIn(reply)));
        } catch (RuntimeException failed) {
            deleteValues(keys, failed);
            forgetTraceContextsAfter(keys, messages, failed);
            throw failed;
        }
    }

    /** SET NX of each message's value under a fresh key, appended to {@code keys} as it is written. */
    private void writeValues(List<PushMessage> messages, List<String> keys) {
        Set<String> drawn = new HashSet<>();
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
    }

    private void deleteValues(List<String> keys, RuntimeException failed) {
        try {
            if (!keys.isEmpty()) {
                redis.delete(keys);
            }
        } catch (RuntimeException cleanupFailed) {
            failed.addSuppressed(cleanupFailed);
        }
    }

    /** The script claims, then each claimed key's value is read with a routed GET. */
    @Override
    public List<Claimed> claim(String tokenPrefix, int max) {
        List<?> flat = evalShaOnTemplateConnection(CLAIM, ReturnType.MULTI, claimKeys, tokenPrefix, leaseTimeoutMs, Integer.toString(max));
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

    @Override
    public Claimed lease(String key, String token) {
        Long attempt = evalShaOnTemplateConnection(LEASE, ReturnType.INTEGER, new String[] {names.leases(), names.leaseTokens(),
                names.attempts(), names.tempQueue()}, key, token, leaseTimeoutMs);
        return withValue(key.getBytes(StandardCharsets.UTF_8), token, attempt);
    }

    /**
     * The values first (other slots, routed), then the claims: a crash between leaves claims without values, which
     * the lease reaper drops; never a released claim whose value could be sent again.
     */
    @Override
    public long acknowledge(List<String> keys, List<String> tokens, List<DeliveryOutcome> outcomes) {
        redis.delete(keys);
        Long released = evalShaOnTemplateConnection(ACKNOWLEDGE, ReturnType.INTEGER, new String[] {names.tempQueue(), names.leases(),
                names.leaseTokens(), names.attempts(), names.stats(), names.history()}, acknowledgeArguments(keys, tokens, outcomes, true));
        return released == null ? 0 : released;
    }

    /** The value may have turned up (a slow LPUSH-then-SET producer): asked here, since the script may not. */
    @Override
    protected long settle(List<String> keys, String pushKey, String token, String horizon, String first) {
        return aboutKey(SETTLE_MISSING, keys, pushKey, token, hasValue(pushKey), horizon, first);
    }

    /**
     * The due keys first, then whether each has its value (other slots, routed); the script settles only those still
     * waiting and still due.
     */
    @Override
    protected RecheckRound recheckRound(List<String> keys, List<String> args, int batch) {
        List<String> withValues = new ArrayList<>(args);
        long now = redis.execute((RedisCallback<Long>) connection -> connection.serverCommands().time());
        Set<String> due = redis.opsForZSet().rangeByScore(names.awaitingValue(), Double.NEGATIVE_INFINITY, now, 0, batch);
        if (due == null || due.isEmpty()) {
            return null;
        }
        for (String key : due) {
            withValues.add(key);
            withValues.add(hasValue(key));
        }
        return new RecheckRound(redis.execute(RECHECK_MISSING, keys, withValues.toArray()), due.size());
    }

    /**
     * The expired leases first, then whether each still has its value (other slots, routed); the script settles only
     * those whose lease is still there and still expired.
     */
    @Override
    protected List<?> reap(List<String> keys, List<String> args) {
        int fixed = args.size();
        Leases soonest = leases(settings.redeliverBatchSize());
        for (Lease lease : soonest.soonest()) {
            if (lease.deadline() <= soonest.now()) {
                args.add(lease.key());
                args.add(hasValue(lease.key()));
            }
        }
        if (args.size() == fixed) {
            return null;
        }
        return redis.execute(REAP_LEASES, keys, args.toArray());
    }

    private String hasValue(String key) {
        return Boolean.TRUE.equals(redis.hasKey(key)) ? "1" : "0";
    }

    /** The push key (in another slot) is ARGV[1] of the script's cluster variant, the other arguments following. */
    @Override
    protected Long aboutKey(RedisScript<Long> script, List<String> keys, String pushKey, String... args) {
        Object[] withKey = new Object[args.length + 1];
        withKey[0] = pushKey;
        System.arraycopy(args, 0, withKey, 1, args.length);
        return redis.execute(script, keys, withKey);
    }
}
