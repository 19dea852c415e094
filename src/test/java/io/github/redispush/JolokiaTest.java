package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.support.PipelineTestSupport;
import org.apache.camel.ServiceStatus;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Jolokia (what Hawtio talks to) on the management server at /observe/jolokia, driven with a plain HTTP client:
 * reading route statistics and suspending and resuming a route are allowed by the jar's jolokia-access.xml; an
 * operation outside it is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JolokiaTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withEnableJMX();
    }

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("camel.management.jolokia-enabled", "true");
        return p;
    }

    @Test
    void readsARoutesStatistics() throws Exception {
        redis.phpProducerWrites("rabbit_push_1_111111", "counted");
        eventually().until(() -> redis.get("rabbit_push_1_111111") == null);

        JsonNode answer = jolokia(Map.of("type", "read", "mbean", route("deliver"), "attribute", "ExchangesCompleted"));

        assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.get("value").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void suspendsAndResumesDelivery() throws Exception {
        JsonNode suspended = jolokia(Map.of("type", "exec", "mbean", route("reliable-move"), "operation", "suspend()"));

        assertThat(suspended.get("status").asInt()).as(suspended.toString()).isEqualTo(200);
        assertThat(context.getRouteController().getRouteStatus("reliable-move")).isEqualTo(ServiceStatus.Suspended);
        JsonNode state = jolokia(Map.of("type", "read", "mbean", route("reliable-move"), "attribute", "State"));
        assertThat(state.get("value").asText()).isEqualTo("Suspended");

        JsonNode resumed = jolokia(Map.of("type", "exec", "mbean", route("reliable-move"), "operation", "resume()"));

        assertThat(resumed.get("status").asInt()).as(resumed.toString()).isEqualTo(200);
        assertThat(context.getRouteController().getRouteStatus("reliable-move")).isEqualTo(ServiceStatus.Started);
        redis.phpProducerWrites("rabbit_push_2_222222", "after resume");
        eventually().until(() -> redis.get("rabbit_push_2_222222") == null);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
    }

    @Test
    void runsThePipelinesOwnOperations() throws Exception {
        String pipeline = "io.github.redispush:context=\"" + context.getName() + "\",type=PushQueue,name=\"push_queue\"";

        JsonNode depth = jolokia(Map.of("type", "read", "mbean", pipeline, "attribute", "DeadLetterDepth"));
        JsonNode requeued = jolokia(Map.of("type", "exec", "mbean", pipeline, "operation", "requeueAllDeadLetters()"));

        assertThat(depth.get("status").asInt()).as(depth.toString()).isEqualTo(200);
        assertThat(depth.get("value").asLong()).isZero();
        assertThat(requeued.get("status").asInt()).as(requeued.toString()).isEqualTo(200);
    }

    @Test
    void refusesWhatThePolicyDoesNotList() throws Exception {
        String camelContext = "org.apache.camel:context=" + context.getName() + ",type=context,name=\"" + context.getName() + "\"";
        List<Map<String, Object>> outside = List.of(
                // an operation of another MBean, even a harmless one
                Map.of("type", "exec", "mbean", "java.lang:type=Memory", "operation", "gc()"),
                // stopping the whole context is not a route operation
                Map.of("type", "exec", "mbean", camelContext, "operation", "stop()"),
                // a route operation other than suspend, resume, start, stop
                Map.of("type", "exec", "mbean", route("deliver"), "operation", "remove()"),
                // writing an attribute
                Map.of("type", "write", "mbean", "java.lang:type=Memory", "attribute", "Verbose", "value", true),
                // the JVM's command line, where a -D secret would show
                Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "InputArguments"),
                // a purge: Jolokia cannot ask for a token, and what a purge removes is gone
                Map.of("type", "exec", "mbean", "io.github.redispush:context=\"" + context.getName() + "\",type=PushQueue,name=\"push_queue\"",
                        "operation", "purgeAllDeadLetters()"));

        for (Map<String, Object> request : outside) {
            JsonNode answer = jolokia(request);
            assertThat(answer.get("status").asInt()).as(request + " -> " + answer).isEqualTo(403);
        }
        assertThat(context.getStatus()).isEqualTo(ServiceStatus.Started);
        assertThat(context.getRouteController().getRouteStatus("deliver")).isEqualTo(ServiceStatus.Started);
    }

    private String route(String id) {
        return "org.apache.camel:context=" + context.getName() + ",type=routes,name=\"" + id + "\"";
    }

    /** One Jolokia request as JSON over POST; Jolokia's own status is in the answer. */
    private JsonNode jolokia(Map<String, Object> request) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/jolokia"))
                .header("Content-Type", "application/json")
                // jolokia-access.xml checks the origin strictly: a client that is not a browser names this machine
                .header("Origin", "http://127.0.0.1:" + httpPort)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(new LinkedHashMap<>(request)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }
}
