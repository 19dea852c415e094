package io.github.redispush.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.junit.jupiter.api.Test;

/**
 * Retries live in Redis, not in a worker's memory: the provider fails the first try of every other message (500),
 * the worker is killed with kill -9 while those retries wait in the schedule, and after a restart every one of them
 * is still tried and delivered; nothing is lost or dead-lettered.
 */
class ScheduledRetriesSurviveCrashIT extends FaultTestSupport {

    private static final int MESSAGES = 400;

    @Test
    void retriesScheduledBeforeAKillNineAreDeliveredAfterTheRestart() throws Exception {
        FailFirstTryOfEveryOther provider = new FailFirstTryOfEveryOther();
        receiver.stop();
        receiver = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(64).extensions(provider));
        receiver.start();
        receiver.stubFor(post("/push").willReturn(ok("{\"code\":200}")));

        Map<String, String> properties = appProperties();
        // the retries wait long enough to be killed under them
        properties.put("push.retry.initial-delay-ms", "6000");
        // half of the first tries fail by design: not an outage
        properties.put("push.breaker.failure-rate-threshold", "90");
        List<String> sent = redis.phpProducerWrites(MESSAGES, "r");
        long scheduledAtKill;
        long inFlightAtKill;
        try (AppInstance app = new AppInstance("retries-crash", properties)) {
            app.start();
            within(Duration.ofSeconds(60)).until(() -> scheduled() >= MESSAGES / 4);
            app.kill9();
            scheduledAtKill = scheduled();
            inFlightAtKill = redis.length("temp_queue");
            assertThat(scheduledAtKill).as("retries waiting in Redis at the kill").isPositive();

            app.start();
            within(Duration.ofSeconds(120)).until(this::drained);
        }

        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("retries-crash", sent, "first-tries-failed=" + provider.failed.get()
                + ", retries-scheduled-at-kill=" + scheduledAtKill + ", in-flight-at-kill=" + inFlightAtKill));
        assertThat(ledger.lost(sent)).isZero();
        assertThat(ledger.duplicated()).isLessThanOrEqualTo(inFlightAtKill);
        assertThat(redis.list("push_dead_letter")).isEmpty();
        assertThat(sent.stream().filter(k -> redis.get(k) != null)).as("delivered keys are deleted").isEmpty();
    }

    private long scheduled() {
        try (var jedis = redis.client()) {
            return jedis.zcard("temp_queue:retries");
        }
    }

    /** Answers 500 to the first try of every other message (by the key's nonce), 200 otherwise. */
    static final class FailFirstTryOfEveryOther implements ResponseDefinitionTransformerV2 {

        private static final ObjectMapper JSON = new ObjectMapper();
        private final Set<String> tried = ConcurrentHashMap.newKeySet();
        final AtomicInteger failed = new AtomicInteger();

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            try {
                String key = JSON.readTree(serveEvent.getRequest().getBodyAsString()).get("key").asText();
                boolean everyOther = Long.parseLong(key.substring(key.lastIndexOf('_') + 1)) % 2 == 0;
                if (everyOther && tried.add(key)) {
                    failed.incrementAndGet();
                    return ResponseDefinitionBuilder.responseDefinition().withStatus(500).build();
                }
            } catch (Exception notOurs) {
                // not a push of ours: answer as stubbed
            }
            return serveEvent.getResponseDefinition();
        }

        @Override
        public String getName() {
            return "fail-first-try-of-every-other";
        }
    }
}
