package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.github.redispush.ops.OpsSettings;
import org.junit.jupiter.api.Test;

/** Which token protects the operations: the ops token only (ServerExposureCheckTest covers the start beyond loopback). */
class OpsSettingsTest {

    @Test
    void theOpsTokenAndNeverTheIntakeToken() {
        assertThat(settings(Map.of("push.ops.token", " ops ", "push.intake.token", "intake")).token()).isEqualTo("ops");
        // a producer's secret does not purge dead letters or pause delivery
        assertThat(settings(Map.of("push.ops.token", "", "push.intake.token", "intake")).protectedByToken()).isFalse();
        assertThat(settings(Map.of("push.intake.token", "intake")).token()).isEmpty();
        assertThat(settings(Map.of()).protectedByToken()).isFalse();
    }

    @Test
    void readOnlyIsTrueOrFalse() {
        assertThat(settings(Map.of("push.ops.read-only", "true")).readOnly()).isTrue();
        assertThatThrownBy(() -> settings(Map.of("push.ops.read-only", "yes"))).hasMessageContaining("push.ops.read-only");
    }

    @Test
    void neverPrintsTheToken() {
        assertThat(settings(Map.of("push.ops.token", "s3cret")).toString()).doesNotContain("s3cret");
    }

    private static OpsSettings settings(Map<String, String> properties) {
        return OpsSettings.from(properties::get);
    }
}
