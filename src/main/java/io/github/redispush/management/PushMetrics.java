package io.github.redispush.management;

import io.github.redispush.PushExchange;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.github.redispush.config.PushSettings;
import io.github.redispush.delivery.ProviderBreaker;
import io.github.redispush.queue.Claims;
import io.github.redispush.queue.PushQueueStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Service;

/**
 * The pipeline's own meters, next to Camel's route metrics: queue depths and claims in flight (read on each
 * scrape), taken, delivered and retried pushes, and a latency histogram of claim-to-acknowledgement times
 * ({@code redis.push.delivery}). The rarer redelivered and dead-lettered counts are {@code micrometer:} endpoints
 * in the YAML routes.
 */
public class PushMetrics implements Service {

    private final CamelContext context;
    private final PushSettings settings;
    private final PushQueueStore store;
    private final Claims claims;
    private final ProviderBreaker breaker;
    private final LongAdder retries = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private volatile Timer delivery;
    private final AtomicBoolean started = new AtomicBoolean();

    public PushMetrics(CamelContext context, PushSettings settings, PushQueueStore store, Claims claims, ProviderBreaker breaker) {
        this.context = context;
        this.breaker = breaker;
        this.settings = settings;
        this.store = store;
        this.claims = claims;
    }

    /** A push was delivered: records its claim-to-acknowledgement time. */
    public void delivered(Exchange exchange) {
        delivered.increment();
        Long claimedAt = exchange.getProperty(PushExchange.PUSH_CLAIMED_AT, Long.class);
        Timer timer = delivery;
        if (timer != null && claimedAt != null) {
            timer.record(System.nanoTime() - claimedAt, TimeUnit.NANOSECONDS);
        }
    }

    /** Pushes this instance delivered, since it started. */
    public long deliveredSoFar() {
        return delivered.sum();
    }

    /** Called for every failed try that is retried: in process (429) or through the retry schedule. */
    public void retried() {
        retries.increment();
    }

    /** Failed tries this instance retried (in process or through the retry schedule), since it started. */
    public long retriedSoFar() {
        return retries.sum();
    }

    @Override
    public void start() {
        // Camel starts it twice, as a context service and as a registry bean: the meters are registered once (else
        // Micrometer logs "This Gauge has been already registered")
        if (!started.compareAndSet(false, true)) {
            return;
        }
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            return; // metrics off (camel.metrics.enabled=false): nothing to publish to
        }
        delivery = Timer.builder("redis.push.delivery").tag("camelContext", context.getName()).tag("pipeline", settings.pipeline())
                .description("claim to acknowledgement of delivered pushes")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        depth(registry, "push", settings.pushQueue());
        // the temp queue's live claims: a cut-over's PHP leftovers would read as a huge "in flight" (php.leftovers)
        Gauge.builder("redis.push.queue.depth", () -> {
            try {
                return store.tempQueueCensus().inFlight();
            } catch (RuntimeException redisDown) {
                return Double.NaN;
            }
        }).tag("pipeline", settings.pipeline()).tag("queue", "temp").tag("list", settings.tempQueue())
                .description("claims live workers hold in the temp queue").register(registry);
        depth(registry, "dead-letter", settings.deadLetterQueue());
        Gauge.builder("redis.push.php.leftovers", () -> {
            try {
                return store.tempQueueCensus().leftovers();
            } catch (RuntimeException redisDown) {
                return Double.NaN;
            }
        }).tag("pipeline", settings.pipeline())
                .description("temp-queue entries no live worker holds (left by PHP workers) and adopted keys waiting out a lease")
                .register(registry);
        Gauge.builder("redis.push.in.flight", claims, Claims::inFlight).tag("pipeline", settings.pipeline())
                .description("claims this instance is delivering").register(registry);
        // taken and delivered are counted in Java: a micrometer: endpoint evaluates its name and tags on every
        // message, which a profile showed at about 5% of the CPU per message
        FunctionCounter.builder("redis.push.taken", claims, Claims::taken).tag("pipeline", settings.pipeline())
                .description("claims taken for delivery").register(registry);
        FunctionCounter.builder("redis.push.delivered", delivered, LongAdder::sum).tag("pipeline", settings.pipeline())
                .description("pushes the provider accepted").register(registry);
        FunctionCounter.builder("redis.push.retried", retries, LongAdder::sum).tag("pipeline", settings.pipeline())
                .description("failed tries retried: in process (429) or through the retry schedule").register(registry);
        Gauge.builder("redis.push.retries.scheduled", () -> {
            try {
                return store.scheduledRetries();
            } catch (RuntimeException redisDown) {
                return Double.NaN;
            }
        }).tag("pipeline", settings.pipeline()).description("keys waiting in the retry schedule").register(registry);
        Gauge.builder("redis.push.awaiting.value", () -> {
            try {
                return store.awaitingValue();
            } catch (RuntimeException redisDown) {
                return Double.NaN;
            }
        }).tag("pipeline", settings.pipeline()).description("keys claimed without a value, waiting for it (push.lookup.missing-horizon-ms)")
                .register(registry);
        Gauge.builder("redis.push.scheduled", () -> {
            try {
                return store.scheduledPushes();
            } catch (RuntimeException redisDown) {
                return Double.NaN;
            }
        }).tag("pipeline", settings.pipeline()).description("pushes waiting for their send time (sendAt or delayMs)").register(registry);
        if (settings.perUidLimit() != null) {
            Gauge.builder("redis.push.deferred.per.uid", () -> {
                try {
                    return store.deferredPerUid();
                } catch (RuntimeException redisDown) {
                    return Double.NaN;
                }
            }).tag("pipeline", settings.pipeline()).description("pushes deferred by push.rate.per-uid, not sent yet (also counted in redis.push.scheduled while they wait)")
                    .register(registry);
        }
        breaker.bindTo(registry, settings.pipeline());
    }

    private void depth(MeterRegistry registry, String role, String list) {
        Gauge.builder("redis.push.queue.depth", () -> {
            try {
                return store.length(list);
            } catch (RuntimeException redisDown) {
                return Double.NaN;
            }
        }).tag("pipeline", settings.pipeline()).tag("queue", role).tag("list", list).description("length of the Redis list").register(registry);
    }

    @Override
    public void stop() {
    }
}
