package io.github.redispush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scheduled pushes' settings: a value that would spin on Redis, or never release, refuses the start. */
class ScheduleSettingsTest {

    private static PushSettings settings(String name, String value) {
        return PushSettings.from(Map.of(name, value)::get);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "9", "60001"})
    void aReleaseIntervalThatWouldSpinOrLagIsRefused(String value) {
        assertThatThrownBy(() -> settings("push.schedule.release-interval-ms", value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.schedule.release-interval-ms must be 10..60000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3651"})
    void aMaximumDelayOutsideItsRangeIsRefused(String value) {
        assertThatThrownBy(() -> settings("push.schedule.max-delay-days", value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.schedule.max-delay-days must be 1..3650");
    }

    @Test
    void theDefaultsStart() {
        assertThat(settings("push.schedule.release-interval-ms", "250").scheduleMaxDelay().toDays()).isEqualTo(30);
    }
}
