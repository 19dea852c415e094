package io.github.redispush.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import org.apache.camel.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.queue.PushRequest;
import io.github.redispush.queue.TraceContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Tracing of pushes with camel-opentelemetry2 (docs/tracing.md), off unless push.tracing.enabled. When off, every step
 * here returns at once: no Redis round trip, no header, no span.
 * <p>
 * A push's trace: the worker hands the claimed key to a deliverer (the first span, a root, or a child of the
 * producer's span when it sent a {@code traceparent} on {@code POST /push}), the deliverer's lookup route, and the POST
 * to the provider, which carries the W3C {@code traceparent}. The idle loops (the scheduler routes, the blocking pop),
 * the HTTP endpoints and the internal {@code direct:} hops make no spans, so an idle worker makes no trace at all.
 */
public final class PushTracing {

    public static final String ENABLED = "push.tracing.enabled";

    /**
     * What makes no span: the polling routes (an idle worker's every poll would be a trace of its own), Redis calls
     * and counters (from the polling routes, and a span each per push otherwise), the HTTP endpoints (the intake, the
     * dashboard's polls: the producer's own span covers its request) and the direct: hops between one push's routes
     * (their steps stay in the deliverer's span).
     */
    static final String EXCLUDED = "scheduler:*,timer:*,spring-redis:*,micrometer:*,platform-http:*,direct:*";

    /** The claimed pushes' contexts, read for a batch in one round trip, by push key. */
    private static final String CONTEXTS = "pushTraceContexts";
    /** Set on a push that had a stored context: it is deleted when the push settles. */
    public static final String TRACED = "pushTraced";

    private static final Logger LOG = LoggerFactory.getLogger(PushTracing.class);

    private final boolean enabled;
    private final PushQueueStore store;

    /** push.tracing.enabled: true or false (the default), nothing else. */
    public static boolean enabledBy(String value) {
        if (value == null || value.isBlank() || value.trim().equals("false")) {
            return false;
        }
        if (value.trim().equals("true")) {
            return true;
        }
        throw new IllegalArgumentException(ENABLED + " must be true or false, got '" + value + "'");
    }

    public PushTracing(boolean enabled, PushQueueStore store) {
        this.enabled = enabled;
        this.store = store;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Adds camel-opentelemetry2's tracer to the context, before the routes are added (it traces through a route
     * policy). It uses the OpenTelemetry {@code Tracer} bound in the registry, else the global OpenTelemetry (the Java
     * agent's, or the SDK autoconfigured from the OTEL_* variables; docs/tracing.md).
     */
    public void install(CamelContext context) throws Exception {
        if (!enabled) {
            return;
        }
        if (context.hasService(OpenTelemetryTracer.class) != null) {
            // another pipeline of this context installed it: one tracer per context, or every span comes twice
            return;
        }
        String exporter = "the OpenTelemetry already set up in this JVM (the Java agent's, or an embedder's)";
        if (!GlobalOpenTelemetry.isSet()) {
            OpenTelemetrySdk sdk = sdkFromEnvironment();
            context.addService(new Service() {
                @Override
                public void start() {
                }

                @Override
                public void stop() {
                    // the spans still buffered go out before the JVM ends
                    sdk.close();
                }
            }, true, true);
            exporter = "the SDK, exporting as the OTEL_* variables say (OTLP over HTTP to http://localhost:4318 unless set)";
        }
        OpenTelemetryTracer tracer = new OpenTelemetryTracer();
        tracer.setExcludePatterns(EXCLUDED);
        tracer.init(context);
        LOG.info("tracing pushes with OpenTelemetry (push.tracing.enabled) through {}", exporter);
    }

    /**
     * Without the Java agent: the SDK as OpenTelemetry's autoconfiguration reads it from the OTEL_* environment
     * variables and otel.* system properties, with defaults of ours that those override: the service is redis-push,
     * OTLP goes over HTTP (the jar carries the JDK's HTTP sender, no gRPC one), and only traces are exported (the jar's
     * metrics are Prometheus's, on the management port).
     */
    private static OpenTelemetrySdk sdkFromEnvironment() {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name", "redis-push",
                        "otel.exporter.otlp.protocol", "http/protobuf",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                .setResultAsGlobal()
                .build()
                .getOpenTelemetrySdk();
    }

    /** Intake: the producer's {@code traceparent} (and {@code tracestate}) go with each message of the request. */
    public void producerContext(Exchange exchange) {
        if (!enabled) {
            return;
        }
        Message message = exchange.getMessage();
        TraceContext context = TraceContext.fromHeaders(message.getHeader("traceparent"), message.getHeader("tracestate"));
        if (context != null) {
            PushRequest request = message.getBody(PushRequest.class);
            message.setBody(new PushRequest(request.messages().stream().map(m -> m.tracedBy(context)).toList(),
                    request.idempotencyKey()));
        }
    }

    /** Worker, after a claim (a list of {@link PushQueueStore.Claimed}, or null): the batch's contexts in one MGET. */
    public void readContexts(Exchange exchange) {
        if (!enabled) {
            return;
        }
        List<?> claims = exchange.getMessage().getBody(List.class);
        if (claims == null || claims.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(claims.size());
        for (Object claim : claims) {
            keys.add(new String(((PushQueueStore.Claimed) claim).key(), UTF_8));
        }
        exchange.setProperty(CONTEXTS, store.traceContexts(keys));
    }

    /**
     * Worker, for one claim, before it is handed to a deliverer: its context as the W3C headers, from which the first
     * span of the push continues the producer's trace. Without one, that span starts a trace of its own.
     */
    public void continueTrace(Exchange exchange) {
        if (!enabled) {
            return;
        }
        Message message = exchange.getMessage();
        message.removeHeader("traceparent");
        message.removeHeader("tracestate");
        Map<?, ?> contexts = (Map<?, ?>) exchange.removeProperty(CONTEXTS);
        if (contexts == null || contexts.isEmpty()) {
            return;
        }
        PushQueueStore.Claimed claim = message.getBody(PushQueueStore.Claimed.class);
        TraceContext context = (TraceContext) contexts.get(new String(claim.key(), UTF_8));
        if (context != null) {
            message.setHeader("traceparent", context.traceparent());
            if (context.tracestate() != null) {
                message.setHeader("tracestate", context.tracestate());
            }
            exchange.setProperty(TRACED, true);
        }
    }

    /** A delivered or dead-lettered push: its stored context is not needed again (retries read it; this is the last). */
    public void settled(Exchange exchange) {
        if (!enabled || exchange.getProperty(TRACED) == null) {
            return;
        }
        String key = exchange.getProperty(io.github.redispush.PushExchange.PUSH_KEY, String.class);
        if (key != null) {
            store.forgetTraceContext(key);
        }
    }
}
