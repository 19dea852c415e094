package io.github.redispush.queue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

import io.github.redispush.config.PushSettings;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The store of the single key layout (one Redis server, or Sentinel), with the scripts of {@code redis-push/lua/}:
 * every key a script touches, the message keys included, is one of its KEYS, so each operation is one script.
 */
public class SingleLayoutStore extends AbstractPushQueueStore {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ENQUEUE = LuaScripts.named("enqueue-2", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ENQUEUE_ONCE = LuaScripts.named("enqueueOnce-4", List.class);
    private static final RedisScript<List> ENQUEUE_SCHEDULED = LuaScripts.named("enqueueScheduled-3", List.class);
    private static final RedisScript<Long> CANCEL_SCHEDULED = LuaScripts.named("cancelScheduled-3", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> LEASE = LuaScripts.named("lease-5", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLAIM = LuaScripts.named("claim-5", List.class);
    private static final RedisScript<Long> ACKNOWLEDGE = LuaScripts.named("acknowledge-7", Long.class);
    private static final RedisScript<Long> SETTLE_MISSING = LuaScripts.named("settleMissing-9", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RECHECK_MISSING = LuaScripts.named("recheckMissing-8", List.class);
    private static final RedisScript<Long> HAND_BACK = LuaScripts.named("handBack-5", Long.class);
    private static final RedisScript<Long> DEAD_LETTER = LuaScripts.named("deadLetter-8", Long.class);
    private static final RedisScript<Long> DEFER_OVER_UID_LIMIT = LuaScripts.named("deferOverUidLimit-8", Long.class);
    private static final RedisScript<Long> SCHEDULE_RETRY = LuaScripts.named("scheduleRetry-9", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REAP_LEASES = LuaScripts.named("reapLeases-9", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADOPT_LEFTOVERS = LuaScripts.named("adoptLeftovers-8", List.class);

    public SingleLayoutStore(StringRedisTemplate redis, PushSettings settings, IntSupplier nonces) {
        super(redis, settings, nonces, new LayoutScripts(HAND_BACK, DEAD_LETTER, SCHEDULE_RETRY, ADOPT_LEFTOVERS, DEFER_OVER_UID_LIMIT));
    }

    /** One script for the whole batch: it writes nothing unless every key is free, then LPUSHes them all. */
    @Override
    protected List<String> enqueueAll(List<PushMessage> messages) {
        return enqueueWith(ENQUEUE, List.of(names.pushQueue()), messages, messages.stream().map(PushMessage::content).toArray());
    }

    /** enqueueScheduled-3: enqueue-2 with the schedule beside the push queue, and each text followed by its send time. */
    @Override
    protected List<String> enqueueScheduledAll(List<PushMessage> messages) {
        Object[] textsAndTimes = new Object[2 * messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            textsAndTimes[2 * i] = messages.get(i).content();
            textsAndTimes[2 * i + 1] = SendTime.specOf(messages.get(i));
        }
        return enqueueWith(ENQUEUE_SCHEDULED, List.of(names.pushQueue(), names.scheduled()), messages, textsAndTimes);
    }

    /** Runs an enqueue script with the push keys after {@code queues}, drawing new nonces for the keys it finds taken. */
    @SuppressWarnings("rawtypes")
    private List<String> enqueueWith(RedisScript<List> script, List<String> queues, List<PushMessage> messages, Object[] args) {
        Set<String> drawn = new HashSet<>();
        List<String> keys = freshKeys(messages, drawn);
        for (int i = 0; i < NONCE_TRIES; i++) {
            List<String> scriptKeys = new ArrayList<>(keys.size() + queues.size());
            scriptKeys.addAll(queues);
            scriptKeys.addAll(keys);
            List taken = tracedRun(script, scriptKeys, args, keys, messages);
            if (taken == null || taken.isEmpty()) {
                return keys;
            }
            forgetTraceContexts(takenKeys(keys, taken), messages);
            redrawTaken(keys, messages, drawn, taken);
        }
        throw noFreeNonces(messages.size());
    }

    /**
     * enqueue-2's nonce loop around enqueueOnce-4, which also records the ids (and schedules the messages with a send time): a taken key is drawn again, an id found
     * recorded ends the try with nothing written.
     */
    @Override
    @SuppressWarnings("rawtypes")
    protected RecordedTry enqueueRecorded(List<IdGroup> groups) {
        List<PushMessage> messages = groups.stream().flatMap(group -> group.messages().stream()).toList();
        Set<String> drawn = new HashSet<>();
        List<String> keys = freshKeys(messages, drawn);
        List<String> recordKeys = recordKeys(groups);
        for (int i = 0; i < NONCE_TRIES; i++) {
            List<String> scriptKeys = new ArrayList<>(2 + recordKeys.size() + keys.size());
            scriptKeys.add(names.pushQueue());
            scriptKeys.add(names.scheduled());
            scriptKeys.addAll(recordKeys);
            scriptKeys.addAll(keys);
            List<Object> args = new ArrayList<>(2 + recordKeys.size() + 2 * messages.size());
            args.add(Integer.toString(recordKeys.size()));
            args.add(dedupTtlMs());
            args.addAll(recordValues(groups, keys));
            for (PushMessage message : messages) {
                args.add(message.content());
                args.add(SendTime.specOf(message));
            }
            List reply = tracedRun(ENQUEUE_ONCE, scriptKeys, args.toArray(), keys, messages);
            if (reply == null || reply.isEmpty()) {
                return RecordedTry.queued(keys);
            }
            if ("recorded".equals(reply.get(0))) {
                forgetTraceContexts(keys, messages);
                return RecordedTry.recorded(byGroup(groups, recordsIn(reply)));
            }
            forgetTraceContexts(takenKeys(keys, reply.subList(1, reply.size())), messages);
            redrawTaken(keys, messages, drawn, reply.subList(1, reply.size()));
        }
        throw noFreeNonces(messages.size());
    }

    /**
     * Runs an enqueue script after writing the messages' trace contexts (only those that carry one: none unless
     * push.tracing.enabled), so a worker that claims a key the moment it is queued finds its context. A context written
     * for a key the script found taken belonged to no push of ours: the caller deletes it before drawing again.
     */
    @SuppressWarnings("rawtypes")
    private List tracedRun(RedisScript<List> script, List<String> scriptKeys, Object[] args, List<String> keys, List<PushMessage> messages) {
        saveTraceContexts(keys, messages);
        try {
            return redis.execute(script, scriptKeys, args);
        } catch (RuntimeException failed) {
            forgetTraceContextsAfter(keys, messages, failed);
            throw failed;
        }
    }

    private static List<String> takenKeys(List<String> keys, List<?> positions) {
        return positions.stream().map(position -> keys.get(((Number) position).intValue() - 1)).toList();
    }

    private List<String> freshKeys(List<PushMessage> messages, Set<String> drawn) {
        List<String> keys = new ArrayList<>(messages.size());
        for (PushMessage message : messages) {
            keys.add(freshKey(message, drawn));
        }
        return keys;
    }

    /** A new nonce for each key an enqueue script found taken ({@code positions}: 1-based, as Lua counts). */
    private void redrawTaken(List<String> keys, List<PushMessage> messages, Set<String> drawn, List<?> positions) {
        for (Object position : positions) {
            int index = ((Number) position).intValue() - 1;
            drawn.remove(keys.get(index));
            keys.set(index, freshKey(messages.get(index), drawn));
        }
    }

    private static IllegalStateException noFreeNonces(int batch) {
        return new IllegalStateException("no free 6-digit nonces for a batch of " + batch + " after " + NONCE_TRIES
                + " tries; nothing queued");
    }

    @Override
    protected Cancel cancelScheduledKey(String key) {
        long outcome = redis.execute(CANCEL_SCHEDULED, List.of(names.scheduled(), names.stats(), key));
        return outcome == 1L ? Cancel.CANCELLED : outcome == 2L ? Cancel.ALREADY_RELEASED : Cancel.NOT_SCHEDULED;
    }

    /** Claims and reads the values in one round trip. */
    @Override
    public List<Claimed> claim(String tokenPrefix, int max) {
        List<?> flat = evalShaOnTemplateConnection(CLAIM, ReturnType.MULTI, claimKeys, tokenPrefix, leaseTimeoutMs, Integer.toString(max));
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

    @Override
    public Claimed lease(String key, String token) {
        List<?> leased = evalShaOnTemplateConnection(LEASE, ReturnType.MULTI, new String[] {names.leases(), names.leaseTokens(),
                names.attempts(), names.tempQueue(), key}, token, leaseTimeoutMs);
        return new Claimed(key.getBytes(StandardCharsets.UTF_8), token, (Long) leased.get(0),
                leased.size() == 2 ? (byte[]) leased.get(1) : null,
                leased.size() == 3 ? new String((byte[]) leased.get(2), StandardCharsets.UTF_8) : null);
    }

    @Override
    public long acknowledge(List<String> keys, List<String> tokens, List<DeliveryOutcome> outcomes) {
        String[] allKeys = new String[6 + keys.size()];
        allKeys[0] = names.tempQueue();
        allKeys[1] = names.leases();
        allKeys[2] = names.leaseTokens();
        allKeys[3] = names.attempts();
        allKeys[4] = names.stats();
        allKeys[5] = names.history();
        for (int i = 0; i < keys.size(); i++) {
            allKeys[6 + i] = keys.get(i);
        }
        Long released = evalShaOnTemplateConnection(ACKNOWLEDGE, ReturnType.INTEGER, allKeys, acknowledgeArguments(keys, tokens, outcomes, false));
        return released == null ? 0 : released;
    }

    @Override
    protected long settle(List<String> keys, String pushKey, String token, String horizon, String first) {
        return aboutKey(SETTLE_MISSING, keys, pushKey, token, horizon, first);
    }

    @Override
    protected RecheckRound recheckRound(List<String> keys, List<String> args, int batch) {
        List<?> counts = redis.execute(RECHECK_MISSING, keys, args.toArray());
        return new RecheckRound(counts, (int) (count(counts, 0) + count(counts, 1) + count(counts, 2) + count(counts, 3)));
    }

    @Override
    protected List<?> reap(List<String> keys, List<String> args) {
        return redis.execute(REAP_LEASES, keys, args.toArray());
    }

    /** The push key is the last of KEYS. */
    @Override
    protected Long aboutKey(RedisScript<Long> script, List<String> keys, String pushKey, String... args) {
        List<String> withKey = new ArrayList<>(keys);
        withKey.add(pushKey);
        return redis.execute(script, withKey, (Object[]) args);
    }
}
