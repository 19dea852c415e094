package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.github.redispush.delivery.ProviderAnswerException;
import io.github.redispush.delivery.ProviderCredentialsException;
import io.github.redispush.delivery.ProviderRateLimitedException;
import io.github.redispush.delivery.ProviderRejectedException;
import io.github.redispush.delivery.ProviderUnavailableException;
import io.github.redispush.queue.PushKey;
import io.github.redispush.queue.PushKeyParser;
import io.github.redispush.support.FakeRongCloud;
import io.github.redispush.support.FakeRongCloud.Answer;
import io.github.redispush.support.IdleWorkers;
import io.github.redispush.support.TestRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RongCloud answer table (routes/providers/rongcloud.camel.yaml), code by code: the provider route, called as the
 * deliver route calls it, against a real HTTP server answering each code with its HTTP status, throws the exception
 * that tells the error handler what to do, with RongCloud's code and errorMessage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RongCloudAnswerCodesTest {
    /** push.delivery.client: the subclass ...OnVertxHttpTest runs these tests on vertx-http. */
    protected String deliveryClient() {
        return "http";
    }


    private static TestRedis redis;
    private static FakeRongCloud rongCloud;
    private static CamelContext context;

    @BeforeAll
    void start() throws Exception {
        redis = new TestRedis().start();
        rongCloud = new FakeRongCloud("app-key-1", "secret");
        context = new DefaultCamelContext();
        PushPipeline.addTo(context, "push", Map.of(
                "push.redis.url", redis.url(),
                "push.url", rongCloud.host(),
                "push.provider", "rongcloud-private",
                "push.rongcloud.from-user-id", "system-bot",
                "push.auth.app-key", "app-key-1",
                "push.auth.secret", "secret",
                "push.delivery.client", deliveryClient()));
        context.start();
    }

    @AfterAll
    void stop() {
        IdleWorkers.release(context, redis::unblockBlockingPops);
        context.stop();
        rongCloud.close();
        redis.stop();
    }

    @Test
    void code200IsAccepted() {
        rongCloud.answering(request -> Answer.OK);
        assertThat(send().getException()).isNull();
    }

    @ParameterizedTest(name = "HTTP {0}, code {1} -> {2}")
    @CsvSource({
            // a bad message: dead-lettered with the code and errorMessage
            "400, 1002, rejected",
            "400, 1003, rejected",
            "400, 1005, rejected",
            "400, 1501, rejected",
            "400, 1502, rejected",
            "400, 1508, rejected",
            "200, 1002, rejected",
            "403, 2007, credentials",
            // our set-up: delivery halts
            "401, 1001, credentials",
            "401, 1004, credentials",
            "401, 1006, credentials",
            "401, 1007, credentials",
            "430, 1009, credentials",
            "403, 1016, credentials",
            "404, 404, credentials",
            // too fast: slow down, no attempt spent
            "429, 1008, rateLimited",
            "200, 1008, rateLimited",
            // RongCloud failing: retried on the next host
            "500, 1000, unavailable",
            "504, 1050, unavailable",
            "503, 503, unavailable",
    })
    void eachCodeMeansWhatItsTableSays(int status, int code, String outcome) {
        rongCloud.answering(request -> new Answer(status, code, "error " + code + " 参数错误"));

        Exception failure = send().getException();

        Class<? extends ProviderAnswerException> expected = switch (outcome) {
            case "rejected" -> ProviderRejectedException.class;
            case "credentials" -> ProviderCredentialsException.class;
            case "rateLimited" -> ProviderRateLimitedException.class;
            default -> ProviderUnavailableException.class;
        };
        assertThat(failure).isExactlyInstanceOf(expected);
        ProviderAnswerException answer = (ProviderAnswerException) failure;
        assertThat(answer.getStatus()).isEqualTo(status);
        assertThat(answer.getCode()).isEqualTo(Integer.toString(code));
        assertThat(answer.getProviderMessage()).isEqualTo("error " + code + " 参数错误");
        if (answer instanceof ProviderRateLimitedException limited) {
            // RongCloud sends no Retry-After: push.rongcloud.rate-limited-pause-ms holds every instance off instead
            assertThat(limited.getRetryAfter()).isEqualTo(Duration.ofMillis(1000));
        }
    }

    @Test
    void anAnswerWithoutACodeIsRongCloudUnavailable() {
        // a body that is not RongCloud's JSON (a proxy's page): the SDKs count it as a host error
        rongCloud.answering(request -> Answer.page(200));
        assertThat(send().getException()).isExactlyInstanceOf(ProviderUnavailableException.class);
    }

    private static Exchange send() {
        Exchange exchange = new DefaultExchange(context);
        PushKey key = new PushKeyParser().parse("rabbit_push_u42_123456");
        exchange.setProperty("pushKey", key.key());
        exchange.setProperty("pushKeyParts", key);
        exchange.setProperty("pushContent", "你好");
        exchange.setProperty("claimToken", "token");
        return context.createProducerTemplate().send("direct:push.provider.rongcloud-private", exchange);
    }
}
