package io.github.redispush.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The breaker's rules on their own: what halts delivery, and what a probe's answer does. */
class ProviderBreakerTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final ProviderBreaker breaker = new ProviderBreaker(50, 10, 4, Duration.ofMillis(200));

    private Exchange push() {
        return new DefaultExchange(context);
    }

    @Test
    void theFirstRefusalOfOurCredentialsHalts() {
        assertThat(breaker.failed(push(), new ProviderCredentialsException(401, null, "Unauthorized"))).isTrue();
        assertThat(breaker.haltReason()).contains("refuses our credentials").contains("push.auth.secret");
    }

    @Test
    void anOutageHaltsOnlyOnceTheFailureRateIsReachedOverTheMinimumCalls() {
        assertThat(breaker.failed(push(), new ProviderUnavailableException(503, null, "down"))).isFalse();
        assertThat(breaker.failed(push(), new ProviderUnavailableException(503, null, "down"))).isFalse();
        assertThat(breaker.failed(push(), new ProviderUnavailableException(503, null, "down"))).isFalse();
        assertThat(breaker.failed(push(), new ProviderUnavailableException(503, null, "down"))).isTrue();
        assertThat(breaker.refusesClaim(push())).as("no claim while open").isTrue();
    }

    @Test
    void aProbeIsLetThroughAfterTheIntervalAndItsSuccessResumes() throws InterruptedException {
        breaker.failed(push(), new ProviderCredentialsException(401, null, "Unauthorized"));
        assertThat(breaker.refusesClaim(push())).isTrue();
        Thread.sleep(300);
        Exchange probe = push();
        assertThat(breaker.refusesClaim(probe)).as("the probe").isFalse();
        assertThat(breaker.refusesClaim(push())).as("one probe at a time").isTrue();
        assertThat(breaker.holdsBack(probe)).isFalse();
        breaker.answered(probe);
        assertThat(breaker.isHalted()).isFalse();
        assertThat(breaker.probes()).isEqualTo(1);
    }

    @Test
    void aFailedProbeHaltsAgain() throws InterruptedException {
        breaker.failed(push(), new ProviderCredentialsException(401, null, "Unauthorized"));
        Thread.sleep(300);
        Exchange probe = push();
        assertThat(breaker.refusesClaim(probe)).isFalse();
        assertThat(breaker.failed(probe, new ProviderCredentialsException(401, null, "Unauthorized"))).isTrue();
        assertThat(breaker.refusesClaim(push())).isTrue();
    }
}
