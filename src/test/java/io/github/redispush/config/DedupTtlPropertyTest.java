package io.github.redispush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** push.intake.dedup-ttl reads as an operator writes a duration, and a TTL that would remember nothing is refused at start. */
class DedupTtlPropertyTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"24h, 86400000", "30m, 1800000", "90s, 90000", "500ms, 500", "7d, 604800000", "PT24H, 86400000", "PT0.25S, 250", "'', 86400000"})
    void readsShortFormsAndIso8601(String value, long millis) {
        assertThat(ttl(value)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"0s", "PT0S", "-1h", "24", "1 day", "h"})
    void refusesZeroNegativeAndUnitless(String value) {
        assertThatThrownBy(() -> ttl(value)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.intake.dedup-ttl");
    }

    private static Duration ttl(String value) {
        return PushSettings.from(Map.of("push.redis.url", "redis://127.0.0.1:6379", "push.intake.dedup-ttl", value)::get).dedupTtl();
    }
}
