package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.github.redispush.faults.DeliveryLedger;
import io.github.redispush.support.PipelineTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The provider refuses our credentials (401, as RongCloud answers a wrong signature) for a while, then accepts them
 * (the secret was fixed at the provider): delivery halts at the first refusal instead of dead-lettering the queue,
 * readiness names the properties to check, and everything is delivered once a probe is accepted.
 */
class CredentialsHaltTest extends PipelineTestSupport {

    private static final int MESSAGES = 300;
    private static final Duration REFUSED_FOR = Duration.ofSeconds(6);

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.max-attempts", "2");
        return p;
    }

    @Override
    protected void stubReceiver() {
        receiver.stubFor(post("/push").willReturn(aResponse().withStatus(401).withBody("{\"code\":1004,\"errorMessage\":\"signature error\"}")));
    }

    @Test
    void refusedCredentialsHaltDeliveryAndNothingIsDeadLetteredThenEverythingIsDelivered() throws Exception {
        List<String> sent = redis.phpProducerWrites(MESSAGES, "c");

        eventually().until(() -> get("/observe/health/ready").statusCode() == 503);
        String health = get("/observe/health/ready").body();
        assertThat(health).contains("provider-push").contains("refuses our credentials").contains("push.auth.secret");
        Thread.sleep(REFUSED_FOR.toMillis());
        int refused = receiver.getAllServeEvents().size();
        assertThat(redis.list("push_dead_letter")).as("dead-lettered while refused").isEmpty();
        assertThat(refused).as("the first refusals and a probe per second, not the queue").isLessThan(40);
        try (var jedis = redis.client()) {
            assertThat(jedis.hlen("temp_queue:attempts")).as("attempts spent").isZero();
        }

        receiver.resetMappings();
        receiver.stubFor(post("/push").willReturn(ok("{\"code\":200}")));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> sent.stream().allMatch(k -> redis.get(k) == null) && redis.length("temp_queue") == 0);
        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("credentials-refused", sent, "refused-for=" + REFUSED_FOR.toSeconds() + "s, requests-refused="
                + refused + ", dead-lettered=" + redis.length("push_dead_letter")));
        assertThat(ledger.lost(sent)).isZero();
        assertThat(ledger.duplicated()).isZero();
        assertThat(redis.list("push_dead_letter")).isEmpty();
        eventually().until(() -> get("/observe/health/ready").statusCode() == 200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
