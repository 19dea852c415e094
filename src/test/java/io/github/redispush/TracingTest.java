package io.github.redispush;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.redispush.support.PipelineTestSupport;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * push.tracing.enabled=true, spans caught by the OpenTelemetry SDK's in-memory exporter: a PHP producer's push (no
 * context) is one trace of its own from the claim to the provider's answer, and the provider's request carries a
 * traceparent of that trace; a push on POST /push with a producer's traceparent continues the producer's trace, its
 * context stored beside the value (the value itself as the PHP worker reads it) and deleted once delivered; the idle
 * worker's polls make no trace at all. The single layout; {@link TracingClusterLayoutTest} runs it with the cluster's.
 */
class TracingTest extends PipelineTestSupport {

    private static final String PRODUCER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER_SPAN = "00f067aa0ba902b7";

    private static InMemorySpanExporter spans;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void inMemoryTracing() {
        spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        // camel-opentelemetry2 takes the global OpenTelemetry when the registry has no Tracer, as the jar does
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(sdk);
    }

    @AfterAll
    static void noGlobalTracing() {
        GlobalOpenTelemetry.resetForTest();
    }

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.tracing.enabled", "true");
        // a push timed out on a busy machine is tried again, a trace of its own: not what this counts
        p.put("camel.component.http.response-timeout", "10000");
        p.put("camel.component.http.so-timeout", "10000");
        return p;
    }

    /** The temp queue's name in this layout; the trace contexts are named after it. */
    protected String tempQueue() {
        return "temp_queue";
    }

    @Test
    void aTracePerPushContinuingTheProducersAndTheTraceparentReachesTheProvider() throws Exception {
        // a PHP producer's push: no trace context anywhere
        redis.phpProducerWrites("rabbit_push_20_100001", "{\"title\":\"php\"}");
        eventually().until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/push"))).size() == 1);
        String phpTraceparent = receiver.findAll(postRequestedFor(urlEqualTo("/push"))).get(0).getHeader("traceparent");
        assertThat(phpTraceparent).as("the provider's request carries a W3C traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
        String phpTrace = phpTraceparent.substring(3, 35);
        String phpHttpSpan = phpTraceparent.substring(36, 52);
        eventually().until(() -> ended(phpTrace).stream().anyMatch(span -> span.getSpanId().equals(phpHttpSpan)));
        eventually().until(() -> ended(phpTrace).size() >= 3);
        assertThat(ended(phpTrace).stream().filter(span -> !span.getParentSpanContext().isValid()))
                .as("one root: the claim's handover to a deliverer").hasSize(1);
        assertThat(phpTrace).isNotEqualTo(PRODUCER_TRACE);

        // a push on POST /push with the producer's context; the worker stopped, to see what the intake wrote
        context.getRouteController().stopRoute("reliable-move");
        String traceparent = "00-" + PRODUCER_TRACE + "-" + PRODUCER_SPAN + "-01";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/push"))
                .header("Content-Type", "application/json")
                .header("traceparent", traceparent)
                .header("tracestate", "vendor=opaque")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\": \"21\", \"content\": \"{\\\"title\\\":\\\"traced\\\"}\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(202);
        String key = redis.list("push_queue").get(0);
        assertThat(redis.get(key)).as("the value, as the PHP worker reads it").isEqualTo("{\"title\":\"traced\"}");
        assertThat(redis.get(tempQueue() + ":trace:" + key)).isEqualTo(traceparent + "\nvendor=opaque");
        assertThat(redis.client().pttl(tempQueue() + ":trace:" + key)).as("a backstop expiry").isPositive();

        context.getRouteController().startRoute("reliable-move");
        eventually().until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/push"))).size() == 2);
        LoggedRequest traced = receiver.findAll(postRequestedFor(urlEqualTo("/push"))).get(1);
        assertThat(traced.getHeader("traceparent")).as("the producer's trace goes on to the provider")
                .startsWith("00-" + PRODUCER_TRACE + "-").doesNotContain(PRODUCER_SPAN);
        assertThat(traced.getHeader("tracestate")).isEqualTo("vendor=opaque");
        String tracedHttpSpan = traced.getHeader("traceparent").substring(36, 52);
        eventually().until(() -> ended(PRODUCER_TRACE).stream().anyMatch(span -> span.getSpanId().equals(tracedHttpSpan)));
        eventually().until(() -> ended(PRODUCER_TRACE).size() >= 3);
        assertThat(ended(PRODUCER_TRACE).stream().filter(span -> span.getParentSpanId().equals(PRODUCER_SPAN)))
                .as("the push's first span is a child of the producer's").hasSize(1);
        eventually().until(() -> redis.get(tempQueue() + ":trace:" + key) == null);

        // the idle worker polled all along, the timers ran: their spans would be traces of their own
        Set<String> traces = spans.getFinishedSpanItems().stream().map(SpanData::getTraceId).collect(Collectors.toSet());
        assertThat(traces).as("no trace but the two pushes'").containsExactlyInAnyOrder(phpTrace, PRODUCER_TRACE);
        System.out.println("spans of a push: " + ended(PRODUCER_TRACE).stream()
                .map(span -> span.getName() + "/" + span.getKind()).toList());
    }

    private static List<SpanData> ended(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }
}
