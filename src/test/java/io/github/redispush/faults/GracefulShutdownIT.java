package io.github.redispush.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * SIGTERM stops taking keys, finishes the pushes in flight, hands back what it will not finish and exits:
 * nothing stays claimed, and a restart delivers the rest exactly once.
 */
class GracefulShutdownIT extends FaultTestSupport {

    @Override
    protected int receiverDelayMs() {
        return 200;
    }

    @Test
    void sigtermLeavesNothingClaimedAndLosesNothing() throws Exception {
        List<String> sent = redis.phpProducerWrites(300, "g");

        try (AppInstance app = new AppInstance("graceful", appProperties())) {
            app.start();
            within(Duration.ofSeconds(30)).until(() -> DeliveryLedger.of(receiver).delivered(sent) >= 30);

            long stopping = System.nanoTime();
            assertThat(app.terminate(Duration.ofSeconds(30))).as("exits after SIGTERM").isTrue();
            long tookMs = (System.nanoTime() - stopping) / 1_000_000;

            assertThat(redis.length("temp_queue")).as("nothing left claimed").isZero();
            try (var jedis = redis.client()) {
                assertThat(jedis.zcard("temp_queue:leases")).isZero();
            }
            DeliveryLedger afterStop = DeliveryLedger.of(receiver);
            long waiting = redis.length("push_queue");
            System.out.printf("FAULT-FIGURES graceful-shutdown: stopped in %d ms, delivered before stop=%d, handed back or waiting=%d%n",
                    tookMs, afterStop.delivered(sent), waiting);
            assertThat(afterStop.delivered(sent) + waiting).as("every message delivered or waiting").isEqualTo(sent.size());

            app.start();
            within(Duration.ofSeconds(60)).until(this::drained);
        }

        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("graceful-shutdown", sent, "sigterms=1"));
        assertThat(ledger.lost(sent)).isZero();
        assertThat(ledger.duplicated()).isZero();
    }
}
