package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.PipelineTestSupport;
import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Password-only AUTH and a Redis 6 ACL user, against a real redis-server that demands them. */
class RedisAuthenticationTest {

    @Nested
    class PasswordOnly extends PipelineTestSupport {

        @BeforeAll
        static void useARedisThatWantsAPassword() {
            redis.stop();
            redis = TestRedis.withPassword("p@ss:word/1").start();
        }

        @Override
        protected Properties properties() {
            Properties p = super.properties();
            // reserved characters in a password are percent-encoded in the URL
            p.put("push.redis.url", "redis://:p%40ss%3Aword%2F1@127.0.0.1:" + redis.port());
            return p;
        }

        @Test
        void deliversWithThePassword() {
            redis.phpProducerWrites("rabbit_push_1_111111", "authenticated");
            eventually().until(() -> redis.get("rabbit_push_1_111111") == null);
            receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        }
    }

    @Nested
    class AclUser extends PipelineTestSupport {

        @BeforeAll
        static void useARedisWithAnAclUser() {
            redis.stop();
            redis = TestRedis.withAclUser("pusher", "acl-secret").start();
        }

        @Override
        protected Properties properties() {
            Properties p = super.properties();
            p.put("push.redis.url", "redis://pusher:acl-secret@127.0.0.1:" + redis.port());
            return p;
        }

        @Test
        void deliversAsTheAclUser() {
            redis.phpProducerWrites("rabbit_push_2_222222", "acl");
            eventually().until(() -> redis.get("rabbit_push_2_222222") == null);
            receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        }
    }

    @Test
    void wrongCredentialsFailTheStartWithOneClearMessage() {
        TestRedis redis = TestRedis.withAclUser("pusher", "acl-secret").start();
        try {
            var factory = RedisConnections.connectionFactory("redis://pusher:wrong@127.0.0.1:" + redis.port(), 2, Duration.ofSeconds(2), 2);
            try {
                assertThatThrownBy(() -> RedisConnections.checkCredentials(factory, "redis://pusher:wrong@127.0.0.1:" + redis.port()))
                        .hasMessageContaining("refused the credentials")
                        .hasMessageContaining("check the user and password in push.redis.url")
                        .hasMessageNotContaining("wrong");
            } finally {
                factory.destroy();
            }
        } finally {
            redis.stop();
        }
    }

    @Test
    void aRedisThatIsNotUpYetDoesNotFailTheStart() {
        var factory = RedisConnections.connectionFactory("redis://127.0.0.1:" + io.github.redispush.redis.EmbeddedRedis.freePort(), 2,
                Duration.ofSeconds(1), 2);
        try {
            // connection refused is not a credentials problem: the start goes on and the routes retry
            assertThatCode(() -> RedisConnections.checkCredentials(factory, "redis://127.0.0.1:1")).doesNotThrowAnyException();
        } finally {
            factory.destroy();
        }
    }
}
