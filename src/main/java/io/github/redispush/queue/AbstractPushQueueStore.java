package io.github.redispush.queue;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

import io.github.redispush.config.PushSettings;
import io.github.redispush.config.UidRateLimit;
import io.github.redispush.config.RedisKeys;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What both key layouts do the same way: the scripts that touch only bookkeeping keys (one slot in either layout),
 * the plain reads, and the loops and argument lists around the scripts that differ. A subclass supplies the scripts
 * that touch a message key, and whatever it reads or deletes outside them.
 */
abstract class AbstractPushQueueStore implements PushQueueStore {

    static final int NONCE_TRIES = 20;
    /** Bounds one pass of {@link #moveDueRetries()} and {@link #recheckMissing()}: the rest waits for the next pass. */
    private static final int MAX_RETRY_BATCHES = 100;

    private static final RedisScript<Long> RESERVE_SEND_SLOT = LuaScripts.named("reserveSendSlot-1", Long.class);
    private static final RedisScript<Long> RENEW_LEASES = LuaScripts.named("renewLeases-2", Long.class);
    private static final RedisScript<Long> MOVE_DUE_RETRIES = LuaScripts.named("moveDueRetries-3", Long.class);
    private static final RedisScript<Long> RELEASE_SCHEDULED = LuaScripts.named("releaseScheduled-3", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> IN_FLIGHT = LuaScripts.named("inFlight-2", List.class);

    protected final StringRedisTemplate redis;
    protected final PushSettings settings;
    protected final RedisKeys names;
    protected final String[] claimKeys;
    protected final String leaseTimeoutMs;
    /** What the settling scripts are told of the delivery history (nothing to write while it is off). */
    protected final DeliveryHistory history;
    private final IntSupplier nonces;

    /** The scripts both layouts call alike, in the layout's own variant (which {@link #aboutKey} runs). */
    @SuppressWarnings("rawtypes")
    protected record LayoutScripts(RedisScript<Long> handBack, RedisScript<Long> deadLetter, RedisScript<Long> scheduleRetry,
            RedisScript<List> adoptLeftovers, RedisScript<Long> deferOverUidLimit) {
    }

    private final LayoutScripts scripts;

    AbstractPushQueueStore(StringRedisTemplate redis, PushSettings settings, IntSupplier nonces, LayoutScripts scripts) {
        this.scripts = scripts;
        this.redis = redis;
        this.settings = settings;
        this.names = RedisKeys.of(settings);
        this.nonces = nonces;
        this.history = new DeliveryHistory(redis, settings);
        this.claimKeys = new String[] {names.pushQueue(), names.tempQueue(), names.leases(), names.leaseTokens(), names.attempts()};
        this.leaseTimeoutMs = Long.toString(settings.leaseTimeout().toMillis());
    }

    /** Writes a non-empty batch all or nothing (see {@link PushQueueStore#enqueue(List)}). */
    protected abstract List<String> enqueueAll(List<PushMessage> messages);

    /** One try at queueing the groups all or nothing, recording each group's id in the same script as the LPUSH. */
    protected abstract RecordedTry enqueueRecorded(List<IdGroup> groups);

    /**
     * The outcome of {@link #enqueueRecorded}: every message queued ({@code queued}, its keys in the groups' order), or
     * nothing written because some ids are recorded already ({@code recorded}: their records, by the group's position).
     */
    protected record RecordedTry(List<String> queued, Map<Integer, String> recorded) {
        static RecordedTry queued(List<String> keys) {
            return new RecordedTry(keys, Map.of());
        }

        static RecordedTry recorded(Map<Integer, String> records) {
            return new RecordedTry(List.of(), records);
        }
    }

    /**
     * Writes a non-empty batch of which at least one message has a send time, all or nothing: the values as
     * {@link #enqueueAll}, the keys due now on the push queue, the others in the schedule.
     */
    protected abstract List<String> enqueueScheduledAll(List<PushMessage> messages);

    /** Takes the key out of the schedule and deletes its value, unless it was released (one script per layout). */
    protected abstract Cancel cancelScheduledKey(String key);

    /**
     * Only a push key of this pipeline is ever scheduled: any other name is answered without asking Redis, so a cancel
     * cannot say whether some unrelated key exists.
     */
    @Override
    public Cancel cancelScheduled(String key) {
        if (key == null || !key.startsWith(settings.keyPrefix() + "_")) {
            return Cancel.NOT_SCHEDULED;
        }
        return cancelScheduledKey(key);
    }

    /** Runs settleMissing-9 (or its cluster variant) on {@code keys} for the push key; its outcome code. */
    protected abstract long settle(List<String> keys, String pushKey, String token, String horizon, String first);

    /**
     * One round of recheckMissing-8 (or its cluster variant) on {@code keys} and {@code args}.
     *
     * @return the round's counts and how many keys it looked at, or null when none was due
     */
    protected abstract RecheckRound recheckRound(List<String> keys, List<String> args, int batch);

    /** How many keys one round of the recheck looked at: fewer than a batch ends the pass. */
    protected record RecheckRound(List<?> counts, int looked) {
    }

    /** Runs reapLeases-9 (or its cluster variant); null when no lease was due. */
    protected abstract List<?> reap(List<String> keys, List<String> args);

    /** Runs a script about one push key: the layout says where the key goes (KEYS or ARGV). */
    protected abstract Long aboutKey(RedisScript<Long> script, List<String> keys, String pushKey, String... args);

    @Override
    public List<String> enqueue(List<PushMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        // the PHP producer's path, untouched, unless a message carries a send time
        for (PushMessage message : messages) {
            if (message.scheduled()) {
                return enqueueScheduledAll(messages);
            }
        }
        return enqueueAll(messages);
    }

    @Override
    public String enqueue(PushMessage message) {
        return enqueue(List.of(message)).get(0);
    }

    /**
     * Each round either queues every group still pending, or writes nothing and returns the records of ids found taken:
     * those groups are answered from their records (or refused, when the messages differ), and the rest are tried again.
     * A round after the first happens only when a concurrent request recorded one of the ids in between.
     */
    @Override
    public Enqueued enqueueOnce(PushRequest request) {
        if (!request.hasIds()) {
            return Enqueued.withoutIds(enqueue(request.messages()));
        }
        String[] keys = new String[request.messages().size()];
        List<String> replayed = new ArrayList<>();
        List<IdGroup> pending = IdGroup.of(request);
        for (int round = 0; round < NONCE_TRIES; round++) {
            if (pending.isEmpty()) {
                return answer(keys, replayed);
            }
            RecordedTry tried = pending.stream().anyMatch(IdGroup::recorded) ? enqueueRecorded(pending)
                    // every id was answered from its record: only the messages sent without one are left
                    : RecordedTry.queued(enqueue(pending.stream().flatMap(group -> group.messages().stream()).toList()));
            if (tried.recorded().isEmpty()) {
                Iterator<String> queued = tried.queued().iterator();
                pending.forEach(group -> group.positions().forEach(position -> keys[position] = queued.next()));
                return answer(keys, replayed);
            }
            List<IdGroup> rest = new ArrayList<>(pending);
            for (Map.Entry<Integer, String> found : tried.recorded().entrySet()) {
                IdGroup group = pending.get(found.getKey());
                IdempotencyRecord record = IdempotencyRecord.parse(found.getValue());
                if (!record.request().equals(group.fingerprint()) || record.keys().size() != group.positions().size()) {
                    throw new IdempotencyConflictException(group.named());
                }
                for (int i = 0; i < group.positions().size(); i++) {
                    keys[group.positions().get(i)] = record.keys().get(i);
                }
                replayed.addAll(record.keys());
                rest.remove(group);
            }
            pending = rest;
        }
        throw new IllegalStateException("ids of this request kept being recorded by concurrent requests after " + NONCE_TRIES
                + " tries; nothing queued");
    }

    private static Enqueued answer(String[] keys, List<String> replayed) {
        List<String> inOrder = List.of(keys);
        return new Enqueued(inOrder, inOrder.stream().filter(replayed::contains).toList());
    }

    /** The record names of the groups that have an id, in order. */
    protected List<String> recordKeys(List<IdGroup> groups) {
        return groups.stream().filter(IdGroup::recorded).map(group -> names.idempotency(group.id())).toList();
    }

    /** The records of the groups that have an id, in order, naming the keys drawn for their messages. */
    protected static List<String> recordValues(List<IdGroup> groups, List<String> keys) {
        List<String> values = new ArrayList<>();
        int next = 0;
        for (IdGroup group : groups) {
            int size = group.messages().size();
            if (group.recorded()) {
                values.add(group.record(keys.subList(next, next + size)));
            }
            next += size;
        }
        return values;
    }

    /**
     * The records a script or a read found, by the position of their group in {@code groups}.
     *
     * @param found records by their position (from 1) among the groups that have an id
     */
    protected static Map<Integer, String> byGroup(List<IdGroup> groups, Map<Integer, String> found) {
        List<Integer> withIds = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).recorded()) {
                withIds.add(i);
            }
        }
        Map<Integer, String> recorded = new LinkedHashMap<>();
        found.forEach((position, record) -> recorded.put(withIds.get(position - 1), record));
        return recorded;
    }

    /** {@code {'recorded', position, record, ...}} from enqueueOnce's scripts, by position among the records. */
    protected static Map<Integer, String> recordsIn(List<?> reply) {
        Map<Integer, String> found = new LinkedHashMap<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            found.put(((Number) reply.get(i)).intValue(), String.valueOf(reply.get(i + 1)));
        }
        return found;
    }

    /** The push.intake.dedup-ttl of a record, as the scripts take it. */
    protected String dedupTtlMs() {
        return Long.toString(settings.dedupTtl().toMillis());
    }

    /** A key for the message not drawn before in this batch (two messages of one uid may draw the same nonce). */
    protected String freshKey(PushMessage message, Set<String> drawn) {
        for (int i = 0; i < NONCE_TRIES; i++) {
            String key = PushKey.of(settings.keyPrefix(), message.uid(), nonces.getAsInt());
            if (drawn.add(key)) {
                return key;
            }
        }
        throw new IllegalStateException("no free 6-digit nonce for uid " + message.uid() + " after " + NONCE_TRIES + " tries; nothing queued");
    }

    @Override
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

    @Override
    public long reserveSendSlot(double intervalMillis, long pauseMillis) {
        return redis.execute(RESERVE_SEND_SLOT, List.of(names.rate()), Double.toString(intervalMillis), Long.toString(pauseMillis));
    }

    @Override
    public Claimed awaitAndLease(Duration block, String token) {
        String key = redis.opsForList().rightPopAndLeftPush(names.pushQueue(), names.tempQueue(), block);
        return key == null ? null : lease(key, token);
    }

    @Override
    public boolean acknowledge(String key, String token) {
        return acknowledge(List.of(key), List.of(token)) == 1L;
    }

    /**
     * The scripts run once per claim or per delivery, without the per-call costs of RedisTemplate's script executor
     * (a JDK proxy around the connection on every call, which a profile showed): EVALSHA on the template's own
     * connection, EVAL once when Redis does not know the script yet (a restart, SCRIPT FLUSH). Values stay bytes.
     */
    @SuppressWarnings("unchecked")
    protected <T> T evalShaOnTemplateConnection(RedisScript<?> script, ReturnType type, String[] keys, String... args) {
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

    @Override
    public Missing settleMissing(String key, String token) {
        List<String> keys = List.of(names.tempQueue(), names.pushQueue(), names.leases(), names.leaseTokens(),
                names.attempts(), names.stats(), names.awaitingValue(), names.awaitingValueSince());
        long outcome = settle(keys, key, token, Long.toString(settings.missingHorizon().toMillis()), Long.toString(FIRST_RECHECK_MS));
        return switch ((int) outcome) {
            case 1 -> Missing.RELEASED;
            case 2 -> Missing.REQUEUED;
            case 3 -> Missing.AWAITING_VALUE;
            default -> Missing.NOT_OURS;
        };
    }

    @Override
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
            RecheckRound done = recheckRound(keys, args, batch);
            if (done == null) {
                break;
            }
            requeued += count(done.counts(), 0);
            held += count(done.counts(), 1);
            missing += count(done.counts(), 2);
            rescheduled += count(done.counts(), 3);
            if (done.looked() < batch) {
                break;
            }
        }
        return new Rechecked(requeued, held, missing, rescheduled);
    }

    @Override
    public long awaitingValue() {
        return orZero(redis.opsForZSet().zCard(names.awaitingValue()));
    }

    @Override
    public boolean handBack(String key, String token) {
        return aboutKey(scripts.handBack(), List.of(names.tempQueue(), names.pushQueue(), names.leases(), names.leaseTokens()), key, token) == 1L;
    }

    @Override
    public boolean deadLetter(String key, String token, DeadLetterEntry entry, DeliveryOutcome outcome) {
        return aboutKey(scripts.deadLetter(), List.of(names.tempQueue(), names.leases(), names.leaseTokens(),
                names.attempts(), names.deadLetterQueue(), names.stats(), names.history()), key,
                withHistory(new String[] {token == null ? "" : token, entry.toJson()}, outcome == null ? DeliveryOutcome.of(entry) : outcome)) == 1L;
    }

    @Override
    public Retry scheduleRetry(String key, String token, long delayMillis, boolean spendsAttempt, DeadLetterEntry spent, DeliveryOutcome outcome) {
        long outcomeCode = aboutKey(scripts.scheduleRetry(), List.of(names.tempQueue(), names.leases(), names.leaseTokens(), names.attempts(),
                names.retries(), names.deadLetterQueue(), names.stats(), names.history()), key,
                withHistory(new String[] {token, Long.toString(Math.max(0, delayMillis)), spendsAttempt ? "1" : "0", Integer.toString(settings.maxAttempts()),
                        spent == null ? "" : spent.toJson()}, outcome == null ? new DeliveryOutcome(null, null, 0, null, null) : outcome));
        return outcomeCode == 1L ? Retry.SCHEDULED : outcomeCode == 2L ? Retry.DEAD_LETTERED : Retry.NOT_OURS;
    }

    /**
     * A settling script's own arguments, then the history's cap and trim age, then (with the history on) the outcome's
     * result after its outcome and retry time, and its reason (see includes/recordOutcome.lua).
     */
    private String[] withHistory(String[] own, DeliveryOutcome outcome) {
        String[] header = history.scriptHeader();
        String[] all = Arrays.copyOf(own, own.length + header.length + 2);
        System.arraycopy(header, 0, all, own.length, header.length);
        all[all.length - 2] = history.enabled() ? outcome.resultTail(history.instance()) : "";
        all[all.length - 1] = history.enabled() ? outcome.reasonText() : "";
        return all;
    }

    /**
     * acknowledge's arguments: the history's cap and trim age, then per push its key ({@code withKeys}: the cluster
     * layout, where the keys cannot be KEYS) and its token, then, with the history on, its entry's result.
     */
    protected String[] acknowledgeArguments(List<String> keys, List<String> tokens, List<DeliveryOutcome> outcomes, boolean withKeys) {
        String[] header = history.scriptHeader();
        int stride = (withKeys ? 2 : 1) + (history.enabled() ? 1 : 0);
        String[] args = Arrays.copyOf(header, header.length + stride * keys.size());
        int at = header.length;
        for (int i = 0; i < keys.size(); i++) {
            if (withKeys) {
                args[at++] = keys.get(i);
            }
            args[at++] = tokens.get(i);
            if (history.enabled()) {
                DeliveryOutcome outcome = outcomes == null ? null : outcomes.get(i);
                args[at++] = (outcome == null ? UNKNOWN : outcome).deliveredResult(history.instance());
            }
        }
        return args;
    }

    /** A delivery whose caller said nothing of it: what the history can still tell. */
    private static final DeliveryOutcome UNKNOWN = new DeliveryOutcome(null, null, 0, null, null);

    @Override
    public UidSlot takeUidSlot(String key, String token, String uid, UidRateLimit limit) {
        return new UidSlot(aboutKey(scripts.deferOverUidLimit(), List.of(names.tempQueue(), names.leases(), names.leaseTokens(),
                names.scheduled(), names.deferred(), names.uidWindow(uid), names.stats()), key,
                token, Integer.toString(limit.pushes()), Long.toString(limit.windowMillis())));
    }

    @Override
    public long deferredPerUid() {
        return orZero(redis.opsForZSet().zCard(names.deferred()));
    }

    /** A busy pipeline can schedule more retries per interval than one batch holds, so Redis is never held long. */
    @Override
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

    /** As {@link #moveDueRetries()}: batches of push.redeliver.batch-size, so Redis is never held long. */
    @Override
    public long releaseDueScheduled() {
        long released = 0;
        for (int round = 0; round < MAX_RETRY_BATCHES; round++) {
            long batch = redis.execute(RELEASE_SCHEDULED, List.of(names.scheduled(), names.pushQueue(), names.stats()),
                    Integer.toString(settings.redeliverBatchSize()));
            released += batch;
            if (batch < settings.redeliverBatchSize()) {
                break;
            }
        }
        return released;
    }

    @Override
    public long scheduledPushes() {
        return orZero(redis.opsForZSet().zCard(names.scheduled()));
    }

    @Override
    public Long nextScheduledDue() {
        Set<ZSetOperations.TypedTuple<String>> first = redis.opsForZSet().rangeWithScores(names.scheduled(), 0, 0);
        if (first == null || first.isEmpty()) {
            return null;
        }
        Double score = first.iterator().next().getScore();
        return score == null ? null : score.longValue();
    }

    @Override
    public long scheduledRetries() {
        return orZero(redis.opsForZSet().zCard(names.retries()));
    }

    @Override
    public Reaped reapExpiredLeases() {
        List<String> keys = List.of(names.tempQueue(), names.pushQueue(), names.leases(), names.leaseTokens(),
                names.attempts(), names.deadLetterQueue(), names.stats(), names.awaitingValue(), names.awaitingValueSince());
        // an expired claim without a value (its worker died during the lookup's grace period) waits for its value
        List<String> args = new ArrayList<>(List.of(Long.toString(settings.leaseTimeout().toMillis()), Integer.toString(settings.maxAttempts()),
                Integer.toString(settings.redeliverBatchSize()), Integer.toString(settings.redeliverScanSize()),
                Long.toString(settings.missingHorizon().toMillis()), Long.toString(FIRST_RECHECK_MS)));
        List<?> counts = reap(keys, args);
        if (counts == null) {
            return new Reaped(0, 0, 0, 0, 0);
        }
        return new Reaped(count(counts, 0), count(counts, 1), count(counts, 2), count(counts, 3), count(counts, 4));
    }

    @Override
    public Leftovers adoptLeftovers() {
        List<?> counts = redis.execute(scripts.adoptLeftovers(), List.of(names.tempQueue(), names.pushQueue(), names.leases(),
                names.adopted(), names.attempts(), names.deadLetterQueue(), names.stats(), names.retries()),
                Long.toString(settings.leaseTimeout().toMillis()), Integer.toString(settings.maxAttempts()),
                Integer.toString(settings.redeliverScanSize()), Integer.toString(settings.redeliverBatchSize()));
        return new Leftovers(count(counts, 0), count(counts, 1), count(counts, 2), count(counts, 3), count(counts, 4));
    }

    @Override
    public TempQueueCensus tempQueueCensus() {
        long inFlight = orZero(redis.opsForHash().size(names.leaseTokens()));
        long temp = length(names.tempQueue());
        long adopted = orZero(redis.opsForZSet().zCard(names.adopted()));
        return new TempQueueCensus(inFlight, Math.max(0, temp - inFlight) + adopted);
    }

    @Override
    public long deliveredSoFar() {
        Object delivered = redis.opsForHash().get(names.stats(), "delivered");
        return delivered == null ? 0 : Long.parseLong(delivered.toString());
    }

    @Override
    public long length(String list) {
        return orZero(redis.opsForList().size(list));
    }

    @Override
    public Leases leases(int limit) {
        List<?> found = redis.execute(IN_FLIGHT, List.of(names.leases(), names.attempts()), Integer.toString(limit));
        List<Lease> leases = new ArrayList<>();
        for (int i = 2; i + 2 < found.size(); i += 3) {
            // the stored count is of attempts already spent: this claim is the next one
            leases.add(new Lease((String) found.get(i), count(found, i + 1), count(found, i + 2) + 1));
        }
        return new Leases(count(found, 0), count(found, 1), leases);
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> stats = new java.util.TreeMap<>();
        redis.<String, String>opsForHash().entries(names.stats()).forEach((name, value) -> stats.put(name, Long.parseLong(value)));
        return stats;
    }

    private static final RedisScript<Long> SAVE_TRACE_CONTEXTS = LuaScripts.named("saveTraceContexts-1", Long.class);

    /**
     * Writes the trace contexts of those of {@code messages} that carry one, under their push keys ({@code keys}, in
     * the same order), before those keys go on the push queue: an idle worker claims a key the moment it is queued. Does
     * nothing, not even a round trip, when no message carries one (always, unless push.tracing.enabled).
     */
    protected void saveTraceContexts(List<String> keys, List<PushMessage> messages) {
        List<String> traceKeys = null;
        List<Object> args = null;
        for (int i = 0; i < messages.size(); i++) {
            TraceContext context = messages.get(i).traceContext();
            if (context != null) {
                if (traceKeys == null) {
                    traceKeys = new ArrayList<>();
                    args = new ArrayList<>();
                    args.add(Long.toString(traceContextTtl().toMillis()));
                }
                traceKeys.add(names.traceContext(keys.get(i)));
                args.add(context.stored());
            }
        }
        if (traceKeys != null) {
            redis.execute(SAVE_TRACE_CONTEXTS, traceKeys, args.toArray());
        }
    }

    /**
     * Deletes the contexts written for keys that were not queued after all (taken by another push, or a failed
     * intake), if any of {@code messages} carried one. In the cluster layout every context shares one slot: one DEL.
     */
    protected void forgetTraceContexts(List<String> keys, List<PushMessage> messages) {
        if (messages.stream().anyMatch(message -> message.traceContext() != null) && !keys.isEmpty()) {
            redis.delete(keys.stream().map(names::traceContext).toList());
        }
    }

    /** After a failed intake, best effort, as for the values: a context left behind names no queued key, and expires. */
    protected void forgetTraceContextsAfter(List<String> keys, List<PushMessage> messages, RuntimeException failed) {
        try {
            forgetTraceContexts(keys, messages);
        } catch (RuntimeException cleanupFailed) {
            failed.addSuppressed(cleanupFailed);
        }
    }

    /**
     * A backstop: a context is deleted when its push settles, but one whose push never does (a cancelled schedule, a
     * value deleted by hand) goes after the longest a push may wait in the schedule, and a day.
     */
    private java.time.Duration traceContextTtl() {
        return settings.scheduleMaxDelay().plusDays(1);
    }

    @Override
    public Map<String, TraceContext> traceContexts(List<String> keys) {
        List<String> stored = redis.opsForValue().multiGet(keys.stream().map(names::traceContext).toList());
        Map<String, TraceContext> contexts = new java.util.HashMap<>();
        for (int i = 0; stored != null && i < keys.size(); i++) {
            TraceContext context = TraceContext.fromStored(stored.get(i));
            if (context != null) {
                contexts.put(keys.get(i), context);
            }
        }
        return contexts;
    }

    @Override
    public void forgetTraceContext(String key) {
        redis.delete(names.traceContext(key));
    }

    protected static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    protected static long count(List<?> counts, int index) {
        return ((Number) counts.get(index)).longValue();
    }
}
