package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import io.github.redispush.support.FakeRongCloud;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The set-up docs/rongcloud.md describes, booted as camel-main boots the jar (routes from routes/ and
 * routes/providers/, application.properties): push.provider, the app key and secret, a sender; nothing else.
 * push.auth.profile stays at its default and RongCloud's signing applies by itself.
 */
class RongCloudSetUpTest extends PipelineTestSupport {

    private static FakeRongCloud rongCloud;

    @BeforeAll
    static void startRongCloud() throws Exception {
        rongCloud = new FakeRongCloud("my-app-key", "my-app-secret");
    }

    @AfterAll
    static void stopRongCloud() {
        rongCloud.close();
    }

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.provider", "rongcloud-private");
        p.put("push.rongcloud.from-user-id", "notifier");
        p.put("push.auth.app-key", "my-app-key");
        p.put("push.auth.secret", "my-app-secret");
        // in production push.url stays empty and push.rongcloud.region picks RongCloud's two hosts
        p.put("push.url", rongCloud.host());
        return p;
    }

    @Test
    void theDocumentedSetUpDeliversAPhpProducersMessage() {
        redis.phpProducerWrites("rabbit_push_42_654321", "订单已发货 🚚");
        eventually().until(() -> redis.get("rabbit_push_42_654321") == null);

        assertThat(rongCloud.signatureRejections()).isZero();
        assertThat(rongCloud.acceptedMessages()).isEqualTo(1);
        FakeRongCloud.Received request = rongCloud.received().get(0);
        assertThat(request.path()).isEqualTo("/message/private/publish.json");
        assertThat(request.form()).containsEntry("fromUserId", "notifier").containsEntry("toUserId", "42")
                .containsEntry("content", "{\"content\":\"订单已发货 🚚\"}");
        assertThat(redis.stat("delivered")).isEqualTo("1");
    }
}
