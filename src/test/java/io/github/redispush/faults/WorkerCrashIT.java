package io.github.redispush.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * kill -9 at random moments while a backlog drains, five times, restarting each time: nothing is lost, and the only
 * duplicates are pushes that were in flight at a kill (sent but not yet acknowledged).
 */
class WorkerCrashIT extends FaultTestSupport {

    private static final int MESSAGES = Integer.getInteger("faults.messages", 3000);
    private static final int KILLS = 5;

    @Test
    void killNineLosesNothing() throws Exception {
        List<String> sent = redis.phpProducerWrites(MESSAGES, "c");
        Random random = new Random(42);
        long inFlightAtKills = 0;

        try (AppInstance app = new AppInstance("crash", appProperties())) {
            app.start();
            for (int kill = 0; kill < KILLS; kill++) {
                Thread.sleep(300 + random.nextInt(900));
                app.kill9();
                // claims the dead JVM held: the only pushes that may have gone out without an acknowledgement
                inFlightAtKills += redis.length("temp_queue");
                app.start();
            }
            within(Duration.ofSeconds(120)).until(this::drained);
        }

        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("worker-crash", sent, "kills=" + KILLS + ", in-flight-at-kills=" + inFlightAtKills));
        assertThat(ledger.lost(sent)).isZero();
        assertThat(ledger.duplicated()).isLessThanOrEqualTo(inFlightAtKills);
        assertThat(sent.stream().filter(k -> redis.get(k) != null)).as("delivered keys are deleted").isEmpty();
        assertThat(redis.list("push_dead_letter")).isEmpty();
    }
}
