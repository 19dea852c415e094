package io.github.redispush.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.redispush.support.LogCapture;
import org.junit.jupiter.api.Test;

/** Which host the next push goes to, before and after a failure, and when the first host is tried again. */
class ProviderHostsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ProviderHosts hosts = new ProviderHosts(List.of("https://a.example", "https://b.example"), Duration.ofSeconds(60), nanos::get);

    @Test
    void staysOnTheNextHostAndTriesTheFirstAgainAfterAWhile() {
        try (LogCapture log = LogCapture.of(ProviderHosts.class)) {
            assertThat(hosts.current()).isEqualTo("https://a.example");

            hosts.switchFrom("https://a.example", 500, 1000);
            // the other deliverers that were sending to a.example report it too: one switch
            hosts.switchFrom("https://a.example", 500, 1000);
            assertThat(hosts.current()).isEqualTo("https://b.example");

            nanos.addAndGet(Duration.ofSeconds(59).toNanos());
            assertThat(hosts.current()).as("still within push.rongcloud.first-host-retry-ms").isEqualTo("https://b.example");
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(hosts.current()).isEqualTo("https://a.example");

            assertThat(log.lines()).containsExactly(
                    "WARN push provider host https://a.example is unavailable (HTTP 500, code 1000): the next pushes go to https://b.example",
                    "INFO push provider: trying the first host https://a.example again (60000 ms after switching away from it)");
        }
    }

    @Test
    void aLateFailureOfTheHostAlreadyLeftChangesNothing() {
        hosts.switchFrom("https://a.example", 504, 1050);
        hosts.switchFrom("https://a.example", 504, 1050);
        assertThat(hosts.current()).isEqualTo("https://b.example");
    }

    @Test
    void whenEveryHostFailsTheCurrentOneIsKeptAWhileBeforeTheNextSwitch() {
        hosts.switchFrom("https://a.example", 504, 1050);
        hosts.switchFrom("https://b.example", 500, null);
        assertThat(hosts.current()).as("b failed right after the switch: no bouncing").isEqualTo("https://b.example");
        nanos.addAndGet(ProviderHosts.MIN_STAY.toNanos());
        hosts.switchFrom("https://b.example", 500, null);
        assertThat(hosts.current()).as("back to a, in turn").isEqualTo("https://a.example");
    }

    @Test
    void aSingleHostHasNowhereToGo() {
        ProviderHosts one = new ProviderHosts(List.of("https://a.example"), Duration.ofSeconds(60));
        one.switchFrom("https://a.example", 500, 1000);
        assertThat(one.current()).isEqualTo("https://a.example");
    }
}
