package io.github.redispush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The RongCloud properties a wrong set-up would get wrong are refused at start, with the property's name. */
class RongCloudSettingsTest {

    private static RongCloudSettings settings(Map<String, String> properties) {
        return RongCloudSettings.from(properties::get);
    }

    @Test
    void anEmptyPushUrlMeansRongCloudsTwoHostsForTheRegion() {
        assertThat(settings(Map.of("push.provider", "rongcloud-push")).hosts(""))
                .containsExactly("https://api.rong-api.com", "https://api-b.rong-api.com");
        assertThat(settings(Map.of("push.provider", "rongcloud-push", "push.rongcloud.region", "sg")).hosts(""))
                .containsExactly("https://api.sg-light-api.com", "https://api-b.sg-light-api.com");
        assertThat(settings(Map.of()).hosts(" https://a.example/ , https://b.example "))
                .containsExactly("https://a.example", "https://b.example");
    }

    @Test
    void theDocumentedRateLimitIsRongClouds100PerSecond() {
        assertThat(settings(Map.of("push.provider", "rongcloud-private")).documentedRateLimit()).isEqualTo(100);
        assertThat(settings(Map.of("push.provider", "rongcloud-system")).documentedRateLimit()).isEqualTo(100);
        assertThat(settings(Map.of("push.provider", "rongcloud-push")).documentedRateLimit()).isEqualTo(100);
        assertThat(settings(Map.of()).documentedRateLimit()).as("generic: none").isZero();
    }

    @Test
    void aMessageProfileWithoutASenderIsRefused() {
        assertThatThrownBy(() -> settings(Map.of("push.provider", "rongcloud-system")).check())
                .hasMessageContaining("push.rongcloud.from-user-id must be set for push.provider=rongcloud-system");
        settings(Map.of("push.provider", "rongcloud-push")).check();
    }

    @Test
    void anUnknownRegionOrALongTitleIsRefused() {
        assertThatThrownBy(() -> settings(Map.of("push.rongcloud.region", "eu")))
                .hasMessageContaining("push.rongcloud.region must be one of " + List.of("bj", "na", "sau", "sg", "sg-b"));
        assertThatThrownBy(() -> settings(Map.of("push.rongcloud.push-title", "x".repeat(51))))
                .hasMessageContaining("push.rongcloud.push-title must be at most 50 characters");
        // 50 emoji are 50 characters, not 100 UTF-16 units
        settings(Map.of("push.rongcloud.push-title", "📣".repeat(50)));
    }

    @Test
    void aPushUrlWithAPathIsRefusedForARongCloudProfile() {
        RongCloudSettings push = settings(Map.of("push.provider", "rongcloud-push"));
        assertThatThrownBy(() -> push.check("https://api.rong-api.com/push/user.json"))
                .hasMessageContaining("push.url for push.provider=rongcloud-push lists RongCloud hosts");
        push.check("https://api.rong-api.com,https://api-b.rong-api.com/");
        push.check("");
        settings(Map.of()).check("https://push.example.com/push?token=x");
    }
}
