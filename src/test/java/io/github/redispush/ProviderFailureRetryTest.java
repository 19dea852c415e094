package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Connection errors, timeouts and 5xx are retried through the retry schedule in Redis, 429 in process after its
 * Retry-After, and the push is delivered once the provider recovers (50 ms initial delay, see the support class).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderFailureRetryTest extends PipelineTestSupport {

    @Override
    protected void stubReceiver() {
        // each test scripts its own sequence of answers
    }

    @Test
    void fiveHundredsThenSuccessIsDeliveredOnce() {
        answerInTurn(aResponse().withStatus(500), aResponse().withStatus(503), ok());

        redis.phpProducerWrites("rabbit_push_1_111111", "hello");

        awaitDelivered("rabbit_push_1_111111");
        receiver.verify(3, postRequestedFor(urlEqualTo("/push")));
        assertThat(redis.stat("delivered")).isEqualTo("1");
    }

    @Test
    void aTimedOutRequestIsRetried() {
        // the response timeout is 1 s in tests
        answerInTurn(ok().withFixedDelay(1500), ok());

        redis.phpProducerWrites("rabbit_push_2_222222", "hello");

        awaitDelivered("rabbit_push_2_222222");
        receiver.verify(2, postRequestedFor(urlEqualTo("/push")));
    }

    @Test
    void aResetConnectionIsRetried() {
        answerInTurn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), ok());

        redis.phpProducerWrites("rabbit_push_3_333333", "hello");

        awaitDelivered("rabbit_push_3_333333");
        receiver.verify(2, postRequestedFor(urlEqualTo("/push")));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterAndIsNotDoubledByTheHttpClient() {
        answerInTurn(aResponse().withStatus(429).withHeader("Retry-After", "1"), ok());

        redis.phpProducerWrites("rabbit_push_4_444444", "hello");

        awaitDelivered("rabbit_push_4_444444");
        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/push")));
        assertThat(requests).as("one refused POST, one accepted: HttpClient's own 429 retries are off").hasSize(2);
        Duration waited = Duration.between(requests.get(0).getLoggedDate().toInstant(), requests.get(1).getLoggedDate().toInstant());
        assertThat(waited).as("Retry-After: 1 instead of the 50 ms backoff").isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    private void awaitDelivered(String key) {
        eventually().until(() -> redis.get(key) == null && redis.list("temp_queue").isEmpty());
        assertThat(redis.list("push_dead_letter")).isEmpty();
    }

    /** The receiver gives these answers to successive POSTs, then repeats the last. */
    private void answerInTurn(ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            receiver.stubFor(post("/push").inScenario("answers")
                    .whenScenarioStateIs(i == 0 ? STARTED : "answer " + i)
                    .willSetStateTo("answer " + Math.min(i + 1, answers.length - 1))
                    .willReturn(answers[i]));
        }
    }
}
