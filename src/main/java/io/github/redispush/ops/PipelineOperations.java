package io.github.redispush.ops;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.redispush.config.PushSettings;
import io.github.redispush.config.RedisKeys;
import io.github.redispush.delivery.ProviderBreaker;
import io.github.redispush.management.PushMetrics;
import io.github.redispush.queue.Claims;
import io.github.redispush.queue.DeadLetterOperations;
import io.github.redispush.queue.DeliveryHistory;
import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.redis.EvictionPolicy;
import io.github.redispush.redis.EvictionWatch;
import io.github.redispush.redis.RedisOutage;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;

/**
 * What an operator does over HTTP, for any pipeline of this CamelContext (the launcher runs one; an application
 * embedding several has one per name): the dead-letter operations of {@link DeadLetterOperations}, pausing and
 * resuming delivery, and the dashboard's overview. A request names its pipeline with {@code ?pipeline=}; without
 * it, the launcher's.
 */
public class PipelineOperations {

    /** How far back the dashboard's graph reaches. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(5);
    /** Entries listed when a request names no count. */
    static final int DEFAULT_COUNT = 100;
    /** The most entries one request lists: each holds a provider's answer, so 10,000 of them is megabytes. */
    static final int MAX_COUNT = 1000;
    /** The claims the overview lists; the rest are counted. */
    private static final int SHOWN_CLAIMS = 50;

    private final CamelContext context;
    private final String defaultPipeline;
    private final boolean readOnly;
    private final Map<String, RateHistory> histories = new ConcurrentHashMap<>();

    public PipelineOperations(CamelContext context, String defaultPipeline, boolean readOnly) {
        this.context = context;
        this.defaultPipeline = defaultPipeline;
        this.readOnly = readOnly;
    }

    /** The pipelines bound in this context, by name. */
    public List<String> names() {
        return context.getRegistry().findByType(PushSettings.class).stream().map(PushSettings::pipeline).sorted().toList();
    }

    // --- dead letters: the operations of DeadLetterOperations, for the named pipeline

    /**
     * Entries as a JSON array, newest first; with {@code key}, only those whose key contains it. {@code offset} and
     * {@code count} come as the request wrote them (a bean parameter typed Integer would turn {@code offset=abc} into
     * a conversion failure and a 500): a number that is not one, or is negative, is a {@link BadRequestException};
     * {@code count} is held to {@link #MAX_COUNT}.
     */
    public String listAsJson(String pipeline, String offset, String count, String key) {
        DeadLetterOperations deadLetters = pipeline(pipeline).deadLetters();
        int from = number("offset", offset, 0);
        int wanted = Math.min(number("count", count, DEFAULT_COUNT), MAX_COUNT);
        if (key == null || key.isBlank()) {
            return deadLetters.listAsJson(from, wanted);
        }
        return "[" + String.join(",", deadLetters.search(key.trim(), wanted)) + "]";
    }

    private static int number(String name, String given, int otherwise) {
        if (given == null || given.isBlank()) {
            return otherwise;
        }
        try {
            long value = Long.parseLong(given.trim());
            if (value >= 0) {
                return (int) Math.min(value, Integer.MAX_VALUE); // count=99999999999 asks for all: held to MAX_COUNT
            }
        } catch (NumberFormatException notANumber) {
            // the same answer as a negative one
        }
        throw new BadRequestException(name + " must be a whole number from 0 up (" + name + "=" + shown(given) + ")");
    }

    /** The parameter in the reason, cut short: it is the client's own text. */
    private static String shown(String given) {
        return given.length() > 20 ? given.substring(0, 20) + "..." : given;
    }

    /** The newest entry for the key and its kept value; empty when the key is not dead-lettered. */
    public Map<String, ?> inspect(String pipeline, String key) {
        return pipeline(pipeline).deadLetters().inspect(key);
    }

    /** One key back on the push queue; an empty key is refused (requeue-all is {@link #requeueAll}). */
    public DeadLetterOperations.Requeued requeue(String pipeline, String key) {
        return pipeline(pipeline).deadLetters().requeue(key);
    }

    public DeadLetterOperations.Requeued requeueAll(String pipeline) {
        return pipeline(pipeline).deadLetters().requeueAll();
    }

    /** One key's entry and value removed; an empty key is refused (purge-all is {@link #purgeAll}). */
    public long purge(String pipeline, String key) {
        return pipeline(pipeline).deadLetters().purge(key);
    }

    public long purgeAll(String pipeline) {
        return pipeline(pipeline).deadLetters().purgeAll();
    }

    // --- scheduled pushes

    /** What the cancel answers: the outcome, and a reason a person can read. */
    private static final Map<PushQueueStore.Cancel, String> CANCEL_REASONS = Map.of(
            PushQueueStore.Cancel.CANCELLED, "taken out of the schedule and its value deleted: it will not be sent",
            PushQueueStore.Cancel.ALREADY_RELEASED, "not in the schedule, but its value is in Redis: released to the push queue (or never scheduled), it is "
                    + "queued, being sent or dead-lettered; nothing changed",
            PushQueueStore.Cancel.NOT_SCHEDULED, "no scheduled push with this key (never scheduled, or delivered or cancelled already)");

    /** A scheduled push cancelled by key; {@code outcome} says whether it was, or why not. */
    public Map<String, Object> cancelScheduled(String pipeline, String key) {
        if (key == null || key.isBlank()) {
            throw new BadRequestException("name the scheduled push's key");
        }
        PushQueueStore.Cancel outcome = pipeline(pipeline).store().cancelScheduled(key.trim());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("key", key.trim());
        answer.put("outcome", outcome.name());
        answer.put("reason", CANCEL_REASONS.get(outcome));
        return answer;
    }

    // --- the delivery history: "did uid 42 get it?"

    /** Entries a history search answers with when the request names no limit. */
    static final int DEFAULT_HISTORY_LIMIT = 50;
    /** The most entries one history search answers with. */
    static final int MAX_HISTORY_LIMIT = 500;
    private static final int MAX_SEARCH_TEXT = 200;

    /**
     * The newest outcomes (delivered, retried, dead-lettered) of a uid's pushes or of one key, or both at once, from the
     * delivery history; {@code wholeHistory} says whether every entry was looked at. Without a uid and a key, or with
     * a limit that is not 1..{@value #MAX_HISTORY_LIMIT}, a {@link BadRequestException}.
     */
    public Map<String, Object> deliveries(String pipeline, String uid, String key, String limit) {
        String wantedUid = searchText("uid", uid);
        String wantedKey = searchText("key", key);
        if (wantedUid == null && wantedKey == null) {
            throw new BadRequestException("name a uid or a key (GET /deliveries?uid=42 or ?key=rabbit_push_42_123456)");
        }
        if (wantedUid != null && wantedUid.contains("_")) {
            throw new BadRequestException("a uid has no '_' (it is the third part of a key); uid=" + shown(wantedUid));
        }
        int wanted = number("limit", limit, DEFAULT_HISTORY_LIMIT);
        if (wanted < 1 || wanted > MAX_HISTORY_LIMIT) {
            throw new BadRequestException("limit must be 1.." + MAX_HISTORY_LIMIT + " (limit=" + shown(limit) + ")");
        }
        Pipeline chosen = pipeline(pipeline);
        DeliveryHistory history = chosen.history();
        // a pipeline bound without one (an embedding of its own) has no history to search
        DeliveryHistory.Found found = history == null ? new DeliveryHistory.Found(List.of(), 0, true) : history.search(wantedUid, wantedKey, wanted);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pipeline", chosen.settings().pipeline());
        answer.put("historyEnabled", history != null && history.enabled());
        answer.put("uid", wantedUid);
        answer.put("key", wantedKey);
        answer.put("entries", found.entries());
        answer.put("searched", found.searched());
        answer.put("wholeHistory", found.wholeHistory());
        return answer;
    }

    /** A search parameter trimmed, or null when not given; one longer than any uid or key is refused. */
    private static String searchText(String name, String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String text = given.trim();
        if (text.length() > MAX_SEARCH_TEXT) {
            throw new BadRequestException(name + " is longer than " + MAX_SEARCH_TEXT + " characters (" + name + "=" + shown(text) + ")");
        }
        return text;
    }

    // --- delivery: the reliable-move route, suspended and resumed through the route controller as JMX does

    /** Stops this instance taking keys (within one blocking pop); claims in flight finish. */
    public Map<String, Object> pause(String pipeline) throws Exception {
        String route = moveRouteOf(pipeline(pipeline).settings().pipeline());
        context.getRouteController().suspendRoute(route);
        return delivery(route);
    }

    public Map<String, Object> resume(String pipeline) throws Exception {
        String route = moveRouteOf(pipeline(pipeline).settings().pipeline());
        context.getRouteController().resumeRoute(route);
        return delivery(route);
    }

    // --- the dashboard

    /** Everything the dashboard shows at once, for one pipeline. */
    public Map<String, Object> overview(String name) {
        Pipeline pipeline = pipeline(name);
        PushSettings settings = pipeline.settings();
        PushQueueStore.Leases leases = pipeline.store().leases(SHOWN_CLAIMS);

        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("pipeline", settings.pipeline());
        overview.put("pipelines", names());
        overview.put("readOnly", readOnly);
        overview.put("queues", Map.of(
                "push", queue(settings.pushQueue(), pipeline.store().length(settings.pushQueue())),
                "temp", queue(settings.tempQueue(), pipeline.store().length(settings.tempQueue())),
                "retries", queue(RedisKeys.of(settings).retries(), pipeline.store().scheduledRetries()),
                "awaitingValue", queue(RedisKeys.of(settings).awaitingValue(), pipeline.store().awaitingValue()),
                "scheduled", scheduled(RedisKeys.of(settings).scheduled(), pipeline.store()),
                "deadLetter", queue(settings.deadLetterQueue(), pipeline.deadLetters().count())));
        overview.put("delivery", delivery(moveRouteOf(settings.pipeline())));
        overview.put("redisDown", pipeline.outage().isDown());
        overview.put("inFlight", Map.of(
                "thisInstance", pipeline.claims().inFlight(),
                "leased", leases.total(),
                "claims", leases.soonest().stream().map(lease -> Map.of(
                        "key", lease.key(),
                        "expiresInMs", lease.deadline() - leases.now(),
                        "attempt", lease.attempt())).toList()));
        overview.put("totals", pipeline.store().stats());
        overview.put("rates", Map.of(
                "windowSeconds", RATE_WINDOW.toSeconds(),
                "samples", histories.computeIfAbsent(settings.pipeline(), n -> new RateHistory(RATE_WINDOW)).rates()));
        overview.put("breaker", breaker(pipeline.breaker()));
        overview.put("history", pipeline.history() == null ? null : Map.of("enabled", pipeline.history().enabled(),
                "name", pipeline.history().stream(), "entries", pipeline.history().length()));
        overview.put("eviction", eviction(pipeline.eviction()));
        return overview;
    }

    /** Redis's eviction policy as read now; {@code endangered}: it may evict the pipeline's keys and nobody accepted that. */
    private static Map<String, Object> eviction(EvictionWatch watch) {
        if (watch == null) {
            return null; // a pipeline bound without one
        }
        EvictionPolicy policy = watch.check();
        Map<String, Object> eviction = new LinkedHashMap<>();
        eviction.put("policy", policy == null ? null : policy.describe());
        eviction.put("evictsAnyKey", policy != null && policy.evictsAnyKey());
        eviction.put("allowed", watch.allowed());
        eviction.put("endangered", watch.endangers(policy));
        return eviction;
    }

    /** The provider breaker of this instance: one state for the page, both breakers' states, and why it halted. */
    private static Map<String, Object> breaker(ProviderBreaker breaker) {
        if (breaker == null) {
            return null; // a pipeline bound without one: the page says the breaker is not available
        }
        String outage = breaker.state("outage");
        String credentials = breaker.state("credentials");
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", !"CLOSED".equals(credentials) ? credentials : outage);
        state.put("outage", outage);
        state.put("credentials", credentials);
        state.put("halted", breaker.isHalted());
        state.put("reason", breaker.haltReason());
        state.put("probes", breaker.probes());
        return state;
    }

    /**
     * Called by the dashboard's timer route: the counters of every pipeline, for the graph. Delivered and
     * dead-lettered are the shared counters of all instances (Redis), retried is this instance's own (in process
     * and through the retry schedule).
     */
    public void sampleRates() {
        long now = System.currentTimeMillis();
        for (String name : names()) {
            Pipeline pipeline = pipeline(name);
            try {
                Map<String, Long> stats = pipeline.store().stats();
                histories.computeIfAbsent(name, n -> new RateHistory(RATE_WINDOW)).sample(now, stats.getOrDefault("delivered", 0L),
                        pipeline.metrics().retriedSoFar(), stats.getOrDefault("deadLettered", 0L));
            } catch (RuntimeException redisDown) {
                // a gap in the graph; RedisOutage already logs the outage once
            }
        }
    }

    private Map<String, Object> delivery(String route) {
        ServiceStatus status = context.getRouteController().getRouteStatus(route);
        return Map.of("route", route, "state", String.valueOf(status), "paused", status != null && !status.isStarted());
    }

    /** The schedule's depth and when its soonest push is due (epoch ms, Redis clock; null when none waits). */
    private static Map<String, Object> scheduled(String name, PushQueueStore store) {
        Map<String, Object> scheduled = new LinkedHashMap<>();
        scheduled.put("name", name);
        scheduled.put("depth", store.scheduledPushes());
        scheduled.put("nextDueAt", store.nextScheduledDue());
        // of the depth, those deferred by push.rate.per-uid (with their slots reserved, until sent)
        scheduled.put("deferredPerUid", store.deferredPerUid());
        return scheduled;
    }

    private static Map<String, Object> queue(String name, long depth) {
        return Map.of("name", name, "depth", depth);
    }

    /** The pipeline's reliable-move route, found by its scheduler (named after the pipeline), whatever its id. */
    private String moveRouteOf(String pipeline) {
        String scheduler = "scheduler://" + pipeline + ".reliable-move";
        return context.getRoutes().stream()
                .filter(route -> route.getEndpoint().getEndpointUri().startsWith(scheduler))
                .map(Route::getRouteId).findFirst()
                .orElseThrow(() -> new IllegalStateException("pipeline " + pipeline + " has no reliable-move route in this context"));
    }

    private Pipeline pipeline(String name) {
        String wanted = name == null || name.isBlank() ? defaultPipeline : name.trim();
        PushSettings settings = context.getRegistry().lookupByNameAndType(wanted + ".pushSettings", PushSettings.class);
        if (settings == null) {
            throw new UnknownPipelineException(wanted, names());
        }
        return new Pipeline(settings, bean(wanted, "pushQueueStore", PushQueueStore.class),
                bean(wanted, "deadLetterOperations", DeadLetterOperations.class), bean(wanted, "claims", Claims.class),
                bean(wanted, "pushMetrics", PushMetrics.class), bean(wanted, "redisOutage", RedisOutage.class),
                bean(wanted, "providerBreaker", ProviderBreaker.class), bean(wanted, "evictionWatch", EvictionWatch.class),
                bean(wanted, "deliveryHistory", DeliveryHistory.class));
    }

    private <T> T bean(String pipeline, String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(pipeline + "." + name, type);
    }

    private record Pipeline(PushSettings settings, PushQueueStore store, DeadLetterOperations deadLetters, Claims claims,
            PushMetrics metrics, RedisOutage outage, ProviderBreaker breaker, EvictionWatch eviction, DeliveryHistory history) {
    }

    /** A query parameter the operation cannot use, {@code offset=abc} (HTTP 400). */
    public static class BadRequestException extends RuntimeException {
        public BadRequestException(String reason) {
            super(reason);
        }
    }

    /** {@code ?pipeline=} names no pipeline of this context (HTTP 404). */
    public static class UnknownPipelineException extends RuntimeException {
        public UnknownPipelineException(String name, List<String> known) {
            super("no pipeline named '" + name + "' here; pipelines: " + String.join(", ", known));
        }
    }
}
