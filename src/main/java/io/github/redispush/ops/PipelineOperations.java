package io.github.redispush.ops;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.redispush.config.PushSettings;
import io.github.redispush.delivery.ProviderBreaker;
import io.github.redispush.management.PushMetrics;
import io.github.redispush.queue.Claims;
import io.github.redispush.queue.DeadLetterOperations;
import io.github.redispush.queue.PushQueueStore;
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

    /** Entries as a JSON array, newest first; with {@code key}, only those whose key contains it. */
    public String listAsJson(String pipeline, Integer offset, Integer count, String key) {
        DeadLetterOperations deadLetters = pipeline(pipeline).deadLetters();
        if (key == null || key.isBlank()) {
            return deadLetters.listAsJson(offset, count);
        }
        return "[" + String.join(",", deadLetters.search(key.trim(), count == null ? 100 : count)) + "]";
    }

    /** The newest entry for the key and its kept value; empty when the key is not dead-lettered. */
    public Map<String, ?> inspect(String pipeline, String key) {
        return pipeline(pipeline).deadLetters().inspect(key);
    }

    /** @param key the key, or empty for every entry */
    public DeadLetterOperations.Requeued requeue(String pipeline, String key) {
        return pipeline(pipeline).deadLetters().requeue(key);
    }

    /** @param key the key, or empty for every entry */
    public long purge(String pipeline, String key) {
        return pipeline(pipeline).deadLetters().purge(key);
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
                "retries", queue(settings.retriesKey(), pipeline.store().scheduledRetries()),
                "awaitingValue", queue(settings.awaitingValueKey(), pipeline.store().awaitingValue()),
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
        return overview;
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
                bean(wanted, "providerBreaker", ProviderBreaker.class));
    }

    private <T> T bean(String pipeline, String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(pipeline + "." + name, type);
    }

    private record Pipeline(PushSettings settings, PushQueueStore store, DeadLetterOperations deadLetters, Claims claims,
            PushMetrics metrics, RedisOutage outage, ProviderBreaker breaker) {
    }

    /** {@code ?pipeline=} names no pipeline of this context (HTTP 404). */
    public static class UnknownPipelineException extends RuntimeException {
        public UnknownPipelineException(String name, List<String> known) {
            super("no pipeline named '" + name + "' here; pipelines: " + String.join(", ", known));
        }
    }
}
