package io.github.redispush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The delivery history's settings: a cap or an age that makes no sense, or an unreadable switch, refuses the start. */
class HistorySettingsTest {

    private static PushSettings settings(String name, String value) {
        return PushSettings.from(Map.of(name, value)::get);
    }

    @Test
    void onByDefaultWithAHundredThousandEntriesForAWeek() {
        PushSettings defaults = PushSettings.from(Map.<String, String>of()::get);
        assertThat(defaults.historyEnabled()).isTrue();
        assertThat(defaults.historyMaxEntries()).isEqualTo(100000);
        assertThat(defaults.historyMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(settings("push.history.max-age", "30m").historyMaxAge()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings("push.history.enabled", "false").historyEnabled()).isFalse();
    }

    @Test
    void nonsenseRefusesTheStartWithTheReason() {
        assertThatThrownBy(() -> settings("push.history.max-entries", "99")).hasMessageContaining("push.history.max-entries must be 100..10000000");
        assertThatThrownBy(() -> settings("push.history.max-entries", "10000001")).hasMessageContaining("push.history.max-entries must be 100..10000000");
        assertThatThrownBy(() -> settings("push.history.max-age", "500ms")).hasMessageContaining("push.history.max-age must be at least 1s");
        assertThatThrownBy(() -> settings("push.history.max-age", "a week")).hasMessageContaining("push.history.max-age must be a duration");
        assertThatThrownBy(() -> settings("push.history.enabled", "yes")).hasMessageContaining("push.history.enabled must be true or false");
    }
}
