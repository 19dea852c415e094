package io.github.redispush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** push.rate.per-uid: off unless set; a value that cannot be read, or would mean nothing, refuses the start. */
class UidRateLimitSettingsTest {

    private static PushSettings settings(String value) {
        return PushSettings.from(Map.of("push.rate.per-uid", value)::get);
    }

    @Test
    void offUnlessSet() {
        assertThat(PushSettings.from(Map.<String, String>of()::get).perUidLimit()).isNull();
        assertThat(settings("").perUidLimit()).isNull();
    }

    @Test
    void pushesPerWindowInTheDurationsOfTheOtherProperties() {
        assertThat(settings("10/1s").perUidLimit()).isEqualTo(new UidRateLimit(10, Duration.ofSeconds(1)));
        assertThat(settings(" 100 / 1m ").perUidLimit()).isEqualTo(new UidRateLimit(100, Duration.ofMinutes(1)));
        assertThat(settings("5/250ms").perUidLimit().windowMillis()).isEqualTo(250);
        assertThat(settings("1/PT1H").perUidLimit().window()).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "10/", "/1s", "ten/1s", "10/1 second", "-1/1s", "10/1s/2", "1.5/1s", "10/-1s"})
    void anUnreadableValueIsRefusedWithTheFormItWants(String value) {
        assertThatThrownBy(() -> settings(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("push.rate.per-uid must be <pushes>/<window> like 10/1s or 100/1m (empty: off), got '" + value.trim() + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/1s", "1000001/1s"})
    void aCountOutsideItsRangeIsRefused(String value) {
        assertThatThrownBy(() -> settings(value)).hasMessageContaining("push.rate.per-uid allows 1..1000000 pushes per window");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10/99ms", "10/0s", "10/2d"})
    void aWindowOutsideItsRangeIsRefused(String value) {
        assertThatThrownBy(() -> settings(value)).hasMessageContaining("push.rate.per-uid's window must be 100ms..1d");
    }
}
