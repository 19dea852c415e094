package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.redispush.support.FakeRongCloud;
import io.github.redispush.support.FakeRongCloud.Received;
import io.github.redispush.support.IdleWorkers;
import io.github.redispush.support.TestRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each RongCloud profile sends exactly the request RongCloud's server SDKs send, checked byte for byte on a real HTTP
 * server that verifies the signature as RongCloud does: the path, the form or JSON body and its encoding, every
 * header, a timestamp in seconds. Chinese text and emoji arrive intact.
 */
class RongCloudRequestTest {
    /** push.delivery.client: the subclass ...OnVertxHttpTest runs these tests on vertx-http. */
    protected String deliveryClient() {
        return "http";
    }

    /** The headers the HTTP client adds of its own, beside the request's. */
    protected List<String> transportHeaders() {
        return List.of("connection", "user-agent", "accept-encoding");
    }


    static final String APP_KEY = "app-key-1";
    static final String SECRET = "s3cr3t-app-secret";
    /** Chinese, an emoji (outside the BMP), and the characters a form must escape. */
    static final String TEXT = "你好，世界 😀 a+b=c&d 100%";
    static final String KEY = "rabbit_push_u42_123456";

    private TestRedis redis;
    private FakeRongCloud rongCloud;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        redis = new TestRedis().start();
        rongCloud = new FakeRongCloud(APP_KEY, SECRET);
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stop() {
        IdleWorkers.release(context, redis::unblockBlockingPops);
        context.stop();
        rongCloud.close();
        redis.stop();
    }

    @Test
    void privateMessageIsTheSdksFormToMessagePrivatePublish() throws Exception {
        Received request = deliverOne("rongcloud-private", Map.of("push.rongcloud.from-user-id", "system-bot"));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/message/private/publish.json");
        assertThat(request.query()).isNull();
        assertThat(request.bodyText()).isEqualTo("fromUserId=system-bot&toUserId=u42&objectName=RC%3ATxtMsg&content="
                + form("{\"content\":\"" + TEXT + "\"}"));
        assertThat(request.form().get("content")).isEqualTo("{\"content\":\"" + TEXT + "\"}");
        assertSignedHeaders(request, "application/x-www-form-urlencoded");
    }

    @Test
    void systemMessageCanCarryTheTextAsPushContent() throws Exception {
        Received request = deliverOne("rongcloud-system", Map.of(
                "push.rongcloud.from-user-id", "system-bot",
                "push.rongcloud.object-name", "App:Notice",
                "push.rongcloud.text-as-push-content", "true"));

        assertThat(request.path()).isEqualTo("/message/system/publish.json");
        assertThat(request.bodyText()).isEqualTo("fromUserId=system-bot&toUserId=u42&objectName=App%3ANotice&content="
                + form("{\"content\":\"" + TEXT + "\"}") + "&pushContent=" + form(TEXT));
        assertThat(request.form().get("pushContent")).isEqualTo(TEXT);
        assertSignedHeaders(request, "application/x-www-form-urlencoded");
    }

    @Test
    void pushNotificationIsTheSdksJsonToPushUser() throws Exception {
        Received request = deliverOne("rongcloud-push", Map.of("push.rongcloud.push-title", "新消息 📣"));

        assertThat(request.path()).isEqualTo("/push/user.json");
        assertThat(request.query()).isNull();
        assertThat(request.body()).isEqualTo(("{\"userIds\":[\"u42\"],\"notification\":{\"title\":\"新消息 📣\",\"pushContent\":\""
                + TEXT + "\"}}").getBytes(StandardCharsets.UTF_8));
        assertSignedHeaders(request, "application/json");
    }

    @Test
    void pushNotificationWithoutATitleLeavesItOut() throws Exception {
        Received request = deliverOne("rongcloud-push", Map.of());

        assertThat(request.bodyText()).isEqualTo("{\"userIds\":[\"u42\"],\"notification\":{\"pushContent\":\"" + TEXT + "\"}}");
    }

    private Received deliverOne(String provider, Map<String, String> more) throws Exception {
        Map<String, String> properties = new HashMap<>(Map.of(
                "push.redis.url", redis.url(),
                "push.url", rongCloud.host(),
                "push.provider", provider,
                "push.auth.app-key", APP_KEY,
                "push.auth.secret", SECRET,
                "push.delivery.client", deliveryClient()));
        properties.putAll(more);
        PushPipeline.addTo(context, "push", properties);
        context.start();

        redis.phpProducerWrites(KEY, TEXT);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> redis.get(KEY) == null && redis.length("temp_queue") == 0);

        assertThat(rongCloud.received()).hasSize(1);
        assertThat(rongCloud.acceptedMessages()).isEqualTo(1);
        assertThat(redis.length("push_dead_letter")).isZero();
        return rongCloud.received().get(0);
    }

    /** Every header, and the signature RongCloud checks: Timestamp in Unix seconds, Nonce of at most 18 characters. */
    private void assertSignedHeaders(Received request, String contentType) {
        Map<String, String> headers = request.headers();
        List<String> expected = new ArrayList<>(List.of("app-key", "nonce", "timestamp", "signature", "x-request-id",
                "content-type", "content-length", "host"));
        expected.addAll(transportHeaders());
        assertThat(headers.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(headers.get("app-key")).isEqualTo(APP_KEY);
        assertThat(headers.get("nonce")).matches("\\d{1,18}");
        assertThat(headers.get("timestamp")).matches("\\d{10}");
        assertThat(Long.parseLong(headers.get("timestamp"))).isBetween(System.currentTimeMillis() / 1000 - 60, System.currentTimeMillis() / 1000);
        assertThat(headers.get("signature")).isEqualTo(FakeRongCloud.sha1Hex(SECRET + headers.get("nonce") + headers.get("timestamp")));
        assertThat(headers.get("x-request-id")).matches("[0-9a-f]{32}");
        assertThat(headers.get("content-type")).isEqualTo(contentType);
        assertThat(headers.get("content-length")).isEqualTo(Integer.toString(request.body().length));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
