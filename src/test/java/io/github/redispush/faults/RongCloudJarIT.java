package io.github.redispush.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.redispush.support.FakeRongCloud;
import org.junit.jupiter.api.Test;

/**
 * The RongCloud set-up of docs/rongcloud.md on the packaged jar: push.provider and a sender as options, the app key
 * and secret from the environment, two hosts of which the first refuses connections. PHP-written messages are all
 * delivered through the second host, signed as RongCloud checks; the switch is one log line; the secret is not logged.
 */
class RongCloudJarIT extends FaultTestSupport {

    private static final String APP_SECRET = "RC-SECRET-4b7e";
    private static final int MESSAGES = 200;

    @Test
    void thePackagedJarPushesToRongCloudAndFailsOver() throws Exception {
        try (FakeRongCloud first = new FakeRongCloud("rc-app-key", APP_SECRET);
             FakeRongCloud second = new FakeRongCloud("rc-app-key", APP_SECRET)) {
            first.refuseConnections();
            Map<String, String> properties = appProperties();
            properties.put("push.provider", "rongcloud-private");
            properties.put("push.rongcloud.from-user-id", "notifier");
            properties.put("push.url", first.host() + "," + second.host());

            try (AppInstance app = new AppInstance("rongcloud", properties)
                    .environment("PUSH_AUTH_APP_KEY", "rc-app-key")
                    .environment("PUSH_AUTH_SECRET", APP_SECRET)) {
                app.start();
                List<String> keys = redis.phpProducerWrites(MESSAGES, "rc");
                within(Duration.ofSeconds(90)).until(() -> second.acceptedMessages() == MESSAGES && drained());

                long lost = keys.stream().filter(key -> redis.get(key) != null).count();
                System.out.printf("FAULT-FIGURES RongCloudJarIT (jar, first host refuses connections): sent %d, delivered %d, lost %d, duplicated %d, dead-lettered %d%n",
                        MESSAGES, second.acceptedMessages(), lost, second.duplicates(), redis.length("push_dead_letter"));
                assertThat(lost).isZero();
                assertThat(second.duplicates()).isZero();
                assertThat(second.signatureRejections()).isZero();
                assertThat(redis.length("push_dead_letter")).isZero();
                assertThat(app.log()).contains("pushes go to " + first.host() + " then " + second.host() + " (provider rongcloud-private, auth: rongcloud)");
                assertThat(app.count("is unavailable (HttpHostConnectException")).as("the switch, logged once").isEqualTo(1);
                assertThat(app.log()).doesNotContain(APP_SECRET);
            }
        }
    }
}
