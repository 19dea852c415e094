package io.github.redispush.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generic provider's reading of an HTTP answer: which status means what for the pipeline. */
class HttpStatusAnswerTest {

    private final HttpStatusAnswer answers = new HttpStatusAnswer();

    private Exchange answer(int status, String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @ParameterizedTest
    @CsvSource({
            "401, ProviderCredentialsException", "403, ProviderCredentialsException",
            "429, ProviderRateLimitedException",
            "408, ProviderUnavailableException", "500, ProviderUnavailableException", "503, ProviderUnavailableException",
            "302, ProviderUnavailableException",
            "400, ProviderRejectedException", "404, ProviderRejectedException", "413, ProviderRejectedException"})
    void eachStatusMeansOneThing(int status, String expected) {
        Throwable thrown = catchThrowable(() -> answers.check(answer(status, "{\"code\":1002}")));
        assertThat(thrown.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(((ProviderAnswerException) thrown).getStatus()).isEqualTo(status);
    }

    @Test
    void aSuccessPasses() {
        assertThatNoException().isThrownBy(() -> answers.check(answer(200, "{\"code\":200}")));
        assertThatNoException().isThrownBy(() -> answers.check(answer(204, null)));
    }

    @Test
    void aRejectionKeepsTheStartOfTheBody() {
        ProviderRejectedException rejected = (ProviderRejectedException) catchThrowable(
                () -> answers.check(answer(400, "x".repeat(5000))));
        assertThat(rejected.getProviderMessage()).hasSize(HttpStatusAnswer.BODY_EXCERPT + 3);
    }

    @Test
    void retryAfterIsRead() {
        Exchange limited = answer(429, "");
        limited.getMessage().setHeader("Retry-After", "3");
        assertThat(((ProviderRateLimitedException) catchThrowable(() -> answers.check(limited))).getRetryAfter())
                .isEqualTo(Duration.ofSeconds(3));
        Exchange unavailable = answer(503, "");
        unavailable.getMessage().setHeader("Retry-After", "7");
        assertThat(((ProviderUnavailableException) catchThrowable(() -> answers.check(unavailable))).getRetryAfter())
                .isEqualTo(Duration.ofSeconds(7));
    }
}
