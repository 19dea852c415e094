package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With push.ops.token set, every dead-letter operation and the dashboard's data and actions answer 401 without it
 * (or with a wrong one, the intake's included, or with it in the query instead of the header) and change nothing;
 * with it, they work. The token is never echoed in an answer.
 */
class ProtectedOperationsTest extends PipelineTestSupport {

    static final String TOKEN = "ops-t0ken";
    /** Every operation: method and path. */
    static final List<String[]> OPERATIONS = List.of(
            new String[] {"GET", "/dead-letters"},
            new String[] {"GET", "/dead-letters?key=rabbit"},
            new String[] {"GET", "/dead-letters/rabbit_push_1_111111"},
            new String[] {"POST", "/dead-letters/rabbit_push_1_111111/requeue"},
            new String[] {"POST", "/dead-letters/requeue-all"},
            new String[] {"DELETE", "/dead-letters/rabbit_push_1_111111"},
            new String[] {"DELETE", "/dead-letters"},
            new String[] {"GET", "/deliveries?uid=1"},
            new String[] {"GET", "/dashboard/api/overview"},
            new String[] {"POST", "/dashboard/api/pause"},
            new String[] {"POST", "/dashboard/api/resume"},
            new String[] {"DELETE", "/scheduled/rabbit_push_9_999999"});

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.ops.token", TOKEN);
        p.put("push.intake.token", "a-different-intake-token");
        return p;
    }

    @Override
    protected void stubReceiver() {
        receiver.stubFor(post("/push").willReturn(aResponse().withStatus(400).withBody("{\"code\":1002}")));
    }

    @BeforeEach
    void deadLetterTwoKeys() {
        redis.phpProducerWrites("rabbit_push_1_111111", "one");
        redis.phpProducerWrites("rabbit_push_2_222222", "two");
        eventually().until(() -> redis.length("push_dead_letter") == 2 && redis.length("temp_queue") == 0);
        receiver.resetAll();
        receiver.stubFor(post("/push").willReturn(ok()));
    }

    @Test
    void everyOperationWithoutTheTokenIs401AndChangesNothing() throws Exception {
        for (String[] operation : OPERATIONS) {
            for (String authorization : new String[] {null, "Bearer wrong", "Bearer a-different-intake-token", TOKEN}) {
                // a query parameter named like an answer header is not echoed by the refusal
                String injected = (operation[1].contains("?") ? "&" : "?") + "Access-Control-Allow-Origin=*&Authorization=Bearer+" + TOKEN;
                HttpResponse<String> answer = send(operation[0], operation[1] + injected, authorization);
                assertThat(answer.statusCode()).as(operation[0] + " " + operation[1] + " with " + authorization).isEqualTo(401);
                assertThat(answer.body()).contains("missing or wrong ops token");
                assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            }
        }
        assertThat(redis.length("push_dead_letter")).isEqualTo(2);
        assertThat(redis.get("rabbit_push_1_111111")).isEqualTo("one");
        assertThat(context.getRouteController().getRouteStatus("reliable-move").isStarted()).isTrue();
    }

    @Test
    void withTheTokenEveryOperationWorks() throws Exception {
        String bearer = "Bearer " + TOKEN;
        for (String[] operation : OPERATIONS) {
            HttpResponse<String> answer = send(operation[0], operation[1], bearer);
            assertThat(answer.statusCode()).as(operation[0] + " " + operation[1]).isIn(200, 404);
            assertThat(answer.headers().map().toString()).doesNotContain(TOKEN);
            assertThat(answer.body()).doesNotContain(TOKEN);
        }
        // the last ones purged everything and paused, then resumed delivery
        assertThat(redis.length("push_dead_letter")).isZero();
        assertThat(context.getRouteController().getRouteStatus("reliable-move").isStarted()).isTrue();
    }

    @Test
    void thePageItselfHoldsNoDataAndNeedsNoToken() throws Exception {
        HttpResponse<String> page = send("GET", "/dashboard", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("queue dashboard").doesNotContain("rabbit_push");
    }

    HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
