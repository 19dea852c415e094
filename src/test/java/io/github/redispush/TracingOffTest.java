package io.github.redispush;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * push.tracing.enabled left at its default (false): a producer's traceparent on POST /push is neither stored nor passed
 * on, and the provider's request carries no trace header; Redis holds the value and the queue, nothing more.
 */
class TracingOffTest extends PipelineTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected java.util.Properties properties() {
        java.util.Properties p = super.properties();
        p.put("camel.component.http.response-timeout", "10000");
        p.put("camel.component.http.so-timeout", "10000");
        return p;
    }

    @Test
    void noTraceKeyAndNoTraceHeaderToTheProvider() throws Exception {
        context.getRouteController().stopRoute("reliable-move");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/push"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .header("tracestate", "vendor=opaque")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\": \"21\", \"content\": \"untraced\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(202);
        String key = redis.list("push_queue").get(0);
        assertThat(redis.client().keys("*")).as("the value and the queue, no trace context")
                .containsExactlyInAnyOrder(key, "push_queue");

        context.getRouteController().startRoute("reliable-move");
        eventually().until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/push"))).size() == 1);
        var sent = receiver.findAll(postRequestedFor(urlEqualTo("/push"))).get(0);
        assertThat(sent.containsHeader("traceparent")).isFalse();
        assertThat(sent.containsHeader("tracestate")).isFalse();
        assertThat(redis.client().keys("*trace*")).isEmpty();
    }
}
