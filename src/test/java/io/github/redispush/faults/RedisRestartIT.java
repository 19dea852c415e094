package io.github.redispush.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Redis goes away for a few seconds mid-run and comes back with its data (AOF): the routes recover by themselves,
 * the outage is logged once (not a stack trace per poll), and everything is delivered.
 */
class RedisRestartIT extends FaultTestSupport {

    private static final Duration OUTAGE = Duration.ofSeconds(3);
    /** A backlog left when Redis goes away after 200 deliveries. */
    private static final int MESSAGES = messages(800, 2000);

    @Test
    void theAppRidesOutARedisRestart() throws Exception {
        List<String> sent = redis.phpProducerWrites(MESSAGES, "r");

        try (AppInstance app = new AppInstance("redis-restart", appProperties())) {
            app.start();
            within(Duration.ofSeconds(30)).until(() -> DeliveryLedger.of(receiver).delivered(sent) >= 200);

            redis.stop();
            Thread.sleep(OUTAGE.toMillis()); // the fault itself: Redis stays away this long
            redis.start();

            within(Duration.ofSeconds(90)).until(this::drained);
            within(Duration.ofSeconds(10)).until(() -> app.count("Redis is back") >= 1);
            assertThat(app.isAlive()).isTrue();
            assertThat(app.count("Redis unavailable")).as("the outage is logged once").isEqualTo(1);
            assertThat(app.count("\tat ")).as("no stack traces").isZero();
        }

        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("redis-restart", sent, "redis-outages=1 (3 s)"));
        assertThat(ledger.lost(sent)).isZero();
        assertThat(sent.stream().filter(k -> redis.get(k) != null)).isEmpty();
    }
}
