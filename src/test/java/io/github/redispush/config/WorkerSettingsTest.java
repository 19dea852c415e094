package io.github.redispush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The worker's own settings: a blocking pop that would never return, or outlast the Redis socket, and a negative
 * grace period refuse the start with the setting's name.
 */
class WorkerSettingsTest {

    private static PushSettings settings(Map<String, String> properties) {
        return PushSettings.from(properties::get);
    }

    @Test
    void aBlockingPopOfZeroOrAsLongAsTheSocketTimeoutIsRefused() {
        assertThatThrownBy(() -> settings(Map.of("push.move.block-seconds", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.move.block-seconds must be at least 1");
        assertThatThrownBy(() -> settings(Map.of("push.move.block-seconds", "5", "push.redis.timeout-ms", "5000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("less than push.redis.timeout-ms (5000 ms), got 5");
        assertThat(settings(Map.of("push.move.block-seconds", "4", "push.redis.timeout-ms", "5000")).moveBlock().toSeconds()).isEqualTo(4);
    }

    @Test
    void aNegativeGracePeriodIsRefusedAndZeroTurnsItOff() {
        assertThatThrownBy(() -> settings(Map.of("push.lookup.grace-checks", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.lookup.grace-checks");
        assertThat(settings(Map.of("push.lookup.grace-checks", "0")).lookupGraceChecks()).isZero();
    }

    @Test
    void theDefaultsArePhpsPaceAndAOneSecondBlockingPop() {
        PushSettings defaults = settings(Map.of());
        assertThat(defaults.moveBlock().toSeconds()).isEqualTo(1);
        assertThat(defaults.lookupGraceChecks()).isEqualTo(20);
        assertThat(defaults.lookupGraceInterval().toMillis()).isEqualTo(50);
    }
}
