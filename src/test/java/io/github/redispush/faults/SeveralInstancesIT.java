package io.github.redispush.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Three instances share one Redis: exactly once without faults, and killing one loses nothing. */
class SeveralInstancesIT extends FaultTestSupport {

    /** A share for each instance, and a backlog left when one is killed after 300 deliveries. */
    private static final int MESSAGES = messages(1000, 3000);

    @Test
    void threeInstancesDeliverEachMessageExactlyOnce() throws Exception {
        List<AppInstance> apps = new ArrayList<>();
        List<String> sent;
        try {
            for (int i = 0; i < 3; i++) {
                apps.add(new AppInstance("instance" + i, appProperties()).launch());
            }
            for (AppInstance app : apps) {
                app.awaitStarted();
            }
            sent = redis.phpProducerWrites(MESSAGES, "m");
            within(Duration.ofSeconds(90)).until(this::drained);
            for (AppInstance app : apps) {
                assertThat(app.count("deliver - delivered")).as("every instance took a share").isPositive();
            }
        } finally {
            for (AppInstance app : apps) {
                app.close();
            }
        }

        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("three-instances", sent, "faults=0"));
        assertThat(ledger.lost(sent)).isZero();
        assertThat(ledger.duplicated()).isZero();
    }

    @Test
    void killingOneInstanceLosesNothing() throws Exception {
        List<AppInstance> apps = new ArrayList<>();
        List<String> sent;
        long inFlightAtKill;
        try {
            for (int i = 0; i < 3; i++) {
                apps.add(new AppInstance("survivor" + i, appProperties()).launch());
            }
            for (AppInstance app : apps) {
                app.awaitStarted();
            }
            sent = redis.phpProducerWrites(MESSAGES, "k");
            within(Duration.ofSeconds(30)).until(() -> DeliveryLedger.of(receiver).delivered(sent) >= 300);
            apps.get(0).kill9();
            // an upper bound on what the dead instance held: every claim in temp_queue right after the kill
            inFlightAtKill = redis.length("temp_queue");
            assertThat(redis.length("push_queue")).as("killed mid-run, with a backlog left").isPositive();
            within(Duration.ofSeconds(90)).until(this::drained);
        } finally {
            for (AppInstance app : apps) {
                app.close();
            }
        }

        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("one-of-three-killed", sent, "kills=1, claimed-at-kill=" + inFlightAtKill));
        assertThat(ledger.lost(sent)).isZero();
        assertThat(ledger.duplicated()).isLessThanOrEqualTo(inFlightAtKill);
    }
}
