package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.requestMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Properties;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import io.github.redispush.delivery.PushRequestSigner;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each signing profile, against a receiver that checks the signature the way the provider would: a right one is
 * delivered; a wrong one is refused (401), which halts delivery (a probe now and then) instead of dead-lettering
 * the message, since the message is not at fault.
 */
class SignedPushRequestTest {

    private static final String SECRET = "s3cr3t-app-secret";

    /** Answers 200 when the request passes the check, 401 otherwise. */
    abstract static class SigningCase extends PipelineTestSupport {

        abstract String profile();

        /** The receiver's check, with the secret it knows. */
        abstract boolean verified(Request request, String secret);

        String receiverSecret() {
            return SECRET;
        }

        @Override
        protected Properties properties() {
            Properties p = super.properties();
            p.put("push.auth.profile", profile());
            p.put("push.auth.app-key", "app-key-1");
            p.put("push.auth.secret", SECRET);
            return p;
        }

        @Override
        protected void stubReceiver() {
            receiver.stubFor(post("/push").atPriority(10).willReturn(aResponse().withStatus(401).withBody("{\"code\":1004,\"errorMessage\":\"signature error\"}")));
            receiver.stubFor(requestMatching(request -> MatchResult.of(request.getUrl().equals("/push") && verified(request, receiverSecret())))
                    .atPriority(1).willReturn(ok("{\"code\":200}")));
        }

        @Test
        void aSignedPushIsAcceptedByAReceiverThatKnowsTheSecret() {
            redis.phpProducerWrites("rabbit_push_1_111111", "signed");
            eventually().until(() -> redis.get("rabbit_push_1_111111") == null);
            assertThat(redis.list("push_dead_letter")).isEmpty();
        }
    }

    /** The receiver knows another secret: the push is refused with 401, kept, and only probes follow. */
    abstract static class WrongSecretCase extends SigningCase {
        @Override
        String receiverSecret() {
            return "another-secret";
        }

        @Override
        @Test
        void aSignedPushIsAcceptedByAReceiverThatKnowsTheSecret() {
            redis.phpProducerWrites("rabbit_push_1_111111", "signed");
            // the first try, then a probe push each probe interval (1 s in tests)
            eventually().until(() -> receiver.getAllServeEvents().size() >= 3);
            assertThat(redis.list("push_dead_letter")).isEmpty();
            assertThat(redis.get("rabbit_push_1_111111")).as("the message is kept").isEqualTo("signed");
            try (var jedis = redis.client()) {
                assertThat(jedis.hget("temp_queue:attempts", "rabbit_push_1_111111")).as("no attempt spent").isNull();
            }
        }
    }

    static boolean bearer(Request request, String secret) {
        return ("Bearer " + secret).equals(request.getHeader("Authorization"));
    }

    static boolean hmac(Request request, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.getBody()));
            return expected.equals(request.getHeader("X-Push-Signature"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static boolean rongCloud(Request request, String secret) {
        String nonce = request.getHeader("Nonce");
        String timestamp = request.getHeader("Timestamp");
        return "app-key-1".equals(request.getHeader("App-Key")) && nonce != null && timestamp != null
                && Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300
                && PushRequestSigner.RongCloud.signature(secret, nonce, timestamp).equals(request.getHeader("Signature"));
    }

    @Nested
    class Bearer extends SigningCase {
        String profile() { return "bearer"; }
        boolean verified(Request r, String s) { return bearer(r, s); }
    }

    @Nested
    class BearerWithWrongToken extends WrongSecretCase {
        String profile() { return "bearer"; }
        boolean verified(Request r, String s) { return bearer(r, s); }
    }

    @Nested
    class HmacSha256 extends SigningCase {
        String profile() { return "hmac-sha256"; }
        boolean verified(Request r, String s) { return hmac(r, s); }
    }

    @Nested
    class HmacSha256WithWrongSecret extends WrongSecretCase {
        String profile() { return "hmac-sha256"; }
        boolean verified(Request r, String s) { return hmac(r, s); }
    }

    @Nested
    class RongCloud extends SigningCase {
        String profile() { return "rongcloud"; }
        boolean verified(Request r, String s) { return rongCloud(r, s); }
    }

    @Nested
    class RongCloudWithWrongSecret extends WrongSecretCase {
        String profile() { return "rongcloud"; }
        boolean verified(Request r, String s) { return rongCloud(r, s); }
    }
}
