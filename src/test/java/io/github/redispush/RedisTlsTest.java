package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import io.github.redispush.redis.EmbeddedRedis;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.PipelineTestSupport;
import io.github.redispush.support.SelfSignedCertificate;
import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** rediss:// against a real redis-server speaking TLS with a self-signed certificate for 127.0.0.1. */
class RedisTlsTest {

    private static SelfSignedCertificate certificate;
    private static int tlsPort;

    @BeforeAll
    static void makeACertificate() throws Exception {
        certificate = SelfSignedCertificate.create();
        tlsPort = EmbeddedRedis.freePort();
    }

    @Nested
    class WithTheCertificateTrusted extends PipelineTestSupport {

        @BeforeAll
        static void useARedisSpeakingTls() {
            redis.stop();
            redis = TestRedis.withTls(tlsPort, certificate.certificatePem, certificate.keyPem).start();
        }

        @Override
        protected Properties properties() {
            Properties p = super.properties();
            p.put("push.redis.url", "rediss://127.0.0.1:" + tlsPort);
            p.put("push.redis.tls.truststore", certificate.truststore.toString());
            p.put("push.redis.tls.truststore-password", SelfSignedCertificate.PASSWORD);
            return p;
        }

        @Test
        void deliversOverTls() {
            // the test writes through the plain port; the pipeline knows only the TLS one
            redis.phpProducerWrites("rabbit_push_1_111111", "over tls");
            eventually().until(() -> redis.get("rabbit_push_1_111111") == null);
            receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        }
    }

    @Test
    void anUntrustedCertificateFailsTheStartWithOneClearMessage() {
        TestRedis redis = TestRedis.withTls(tlsPort, certificate.certificatePem, certificate.keyPem).start();
        String url = "rediss://127.0.0.1:" + tlsPort;
        var factory = RedisConnections.connectionFactory(url, 2, Duration.ofSeconds(2), 2);
        try {
            assertThatThrownBy(() -> RedisConnections.checkCredentials(factory, url))
                    .hasMessageContaining("presented a TLS certificate this JVM does not trust")
                    .hasMessageContaining("push.redis.tls.truststore");
        } finally {
            factory.destroy();
            redis.stop();
        }
    }
}
