package io.github.redispush.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The log an operator reads: what each route does, how a backlog drains, and one line per failed push. */
class OperatorLogsIT extends FaultTestSupport {

    private static final List<String> ROUTES = List.of("reliable-move", "lookup", "parse", "deliver", "dead-letter",
            "redeliver-temp-queue", "redeliver-due-retries", "renew-leases", "backlog-progress", "intake-http", "intake", "provider-generic");

    private static long uncheckedCount(AppInstance app, String text) {
        try {
            return app.count(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void routesProgressAndFailuresAreLoggedOnceAndWithoutSecrets() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/push")).withRequestBody(containing("rabbit_push_fail1_123456")).atPriority(1)
                .willReturn(aResponse().withStatus(500)));
        Map<String, String> properties = appProperties();
        properties.put("push.progress.interval-ms", "1000");
        properties.put("push.url", "http://127.0.0.1:" + receiver.port() + "/push?token=SECRET-TOKEN");
        receiver.stubFor(post(urlPathEqualTo("/push")).atPriority(5)
                .willReturn(aResponse().withStatus(200).withFixedDelay(20)));

        try (AppInstance app = new AppInstance("logs", properties)) {
            app.start();
            // the summary is written once the context is fully started, a moment after Camel's "started" line
            within(Duration.ofSeconds(10)).until(() -> ROUTES.stream().allMatch(r -> uncheckedCount(app, "route " + r + ": ") >= 1));
            for (String route : ROUTES) {
                assertThat(app.count("route " + route + ": ")).as("startup line of " + route).isEqualTo(1);
            }

            redis.phpProducerWrites("rabbit_push_fail1_123456", "TOP-SECRET-CONTENT");
            List<String> sent = redis.phpProducerWrites(3000, "p");
            within(Duration.ofSeconds(60)).until(() -> app.count("push of rabbit_push_fail1_123456 failed") >= 1);
            within(Duration.ofSeconds(60)).until(() -> DeliveryLedger.of(receiver).delivered(sent) == sent.size());
            within(Duration.ofSeconds(10)).until(() -> app.count("backlog: push_queue is empty") >= 1);

            assertThat(app.count("backlog: ")).as("progress while draining").isGreaterThanOrEqualTo(2);
            assertThat(app.log()).containsPattern("backlog: \\d+ waiting in push_queue, \\d+ in flight, \\d+ delivered/s, empty in \\d+");
            // one line per claim of the failing key (3 retries each), the first claim's lease is still running
            String log = app.log();
            assertThat(app.count("push of rabbit_push_fail1_123456 failed (attempt 1, HTTP 500")).isEqualTo(1);
            assertThat(log).doesNotContain("Failed delivery for");
            assertThat(log).doesNotContain("SECRET-TOKEN");
            assertThat(log).doesNotContain("TOP-SECRET-CONTENT");
        }
    }
}
