package io.github.redispush.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The schedule lives in Redis, not in a worker's memory: 300 pushes are scheduled through the packaged jar's
 * {@code POST /push}, 100 due 1 to 2 s from now and 200 due 6 to 8 s from now. Once the first 100 are delivered, and
 * with nothing in flight, the jar is killed with kill -9; it stays down until the soonest of the other 200 is overdue,
 * and is started again. Every push is delivered exactly once, none before its due time. (A push a worker is sending
 * at a kill is sent at least once, like any push: docs/guarantees.md. This test kills between deliveries so that
 * "exactly once" is what it can assert of the schedule itself.)
 */
class ScheduledPushesSurviveCrashIT extends FaultTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES = 300;
    private static final String SCHEDULE = "temp_queue:scheduled";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void pushesScheduledBeforeAKillNineAreDeliveredOnceAfterTheRestartNoneEarly() throws Exception {
        Map<String, String> properties = appProperties();
        List<String> sent = new ArrayList<>();
        Map<String, Long> dueAt = new HashMap<>();
        List<String> waitingAtKill;
        long inFlightAtKill;
        try (AppInstance app = new AppInstance("scheduled-crash", properties)) {
            app.start();
            // three requests of 100: the first due 1-2 s from now, 10 ms apart; the others 6-8 s from now
            for (int request = 0; request < 3; request++) {
                StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < 100; i++) {
                    int n = request * 100 + i;
                    batch.append(i == 0 ? "" : ",").append("{\"uid\": \"s").append(n).append("\", \"content\": \"scheduled ").append(n)
                            .append("\", \"delayMs\": ").append(n < 100 ? 1000 + 10 * n : 6000 + 10 * (n - 100)).append('}');
                }
                HttpResponse<String> answer = push(app, batch.append(']').toString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                JSON.readTree(answer.body()).get("queued").forEach(key -> sent.add(key.asText()));
            }
            try (var jedis = redis.client()) {
                for (String key : sent) {
                    Double score = jedis.zscore(SCHEDULE, key);
                    assertThat(score).as(key + " scheduled").isNotNull();
                    dueAt.put(key, score.longValue());
                }
            }

            List<String> first = sent.subList(0, 100);
            within(Duration.ofSeconds(30)).until(() -> DeliveryLedger.of(receiver).delivered(first) == 100 && drained());
            app.kill9();
            try (var jedis = redis.client()) {
                waitingAtKill = new ArrayList<>(jedis.zrange(SCHEDULE, 0, -1));
            }
            inFlightAtKill = redis.length("temp_queue");
            assertThat(waitingAtKill).as("the last 200 still scheduled at the kill").hasSize(200);

            // down until the soonest of those is overdue by half a second: it is released late, never lost
            long overdue = waitingAtKill.stream().mapToLong(dueAt::get).min().orElseThrow() + 500;
            within(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() >= overdue);

            app.start();
            within(Duration.ofSeconds(60)).until(() -> drained() && scheduled() == 0
                    && DeliveryLedger.of(receiver).delivered(sent) == MESSAGES);
        }

        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        Map<String, Integer> times = new HashMap<>();
        long early = 0;
        for (var event : receiver.getAllServeEvents()) {
            String key = JSON.readTree(event.getRequest().getBodyAsString()).get("key").asText();
            times.merge(key, 1, Integer::sum);
            if (event.getRequest().getLoggedDate().getTime() < dueAt.get(key)) {
                early++;
            }
        }
        System.out.println(ledger.figures("scheduled-crash", sent, "scheduled-at-kill=" + waitingAtKill.size()
                + ", in-flight-at-kill=" + inFlightAtKill + ", early=" + early));
        assertThat(ledger.lost(sent)).isZero();
        assertThat(early).as("pushes sent before their time").isZero();
        assertThat(inFlightAtKill).isZero();
        assertThat(sent).as("each delivered exactly once").allMatch(key -> times.get(key) == 1);
        assertThat(ledger.duplicated()).isZero();
        assertThat(sent.stream().filter(k -> redis.get(k) != null)).as("delivered keys are deleted").isEmpty();
    }

    private long scheduled() {
        try (var jedis = redis.client()) {
            return jedis.zcard(SCHEDULE);
        }
    }

    private HttpResponse<String> push(AppInstance app, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.property("camel.server.port") + "/push"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
