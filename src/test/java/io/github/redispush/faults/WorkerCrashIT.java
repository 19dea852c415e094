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

    /** Enough that a backlog is left at the last kill (asserted); -Dfaults.messages sets any other count. */
    private static final int MESSAGES = Integer.getInteger("faults.messages", messages(1500, 3000));
    private static final int KILLS = 5;

    /**
     * On the smaller run the receiver answers a little slower, so that the five short runs between kills cannot
     * drain it even on an idle machine: at most 8 pushes per 40 ms, 5 runs of at most 1.2 s plus start-up.
     */
    @Override
    protected int receiverDelayMs() {
        return FULL_SIZE ? 20 : 40;
    }

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
                long claimed = redis.length("temp_queue");
                assertThat(claimed + redis.length("push_queue")).as("messages left at kill " + (kill + 1)).isPositive();
                inFlightAtKills += claimed;
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
