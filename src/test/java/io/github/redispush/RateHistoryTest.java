package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.github.redispush.ops.RateHistory;
import org.junit.jupiter.api.Test;

/** The graph's rates: per second between samples, only the window's worth, never negative after a reset. */
class RateHistoryTest {

    @Test
    void ratesPerSecondBetweenSamples() {
        RateHistory history = new RateHistory(Duration.ofMinutes(5));
        history.sample(0, 0, 0, 0);
        history.sample(5_000, 50, 5, 1);
        history.sample(10_000, 150, 5, 1);

        assertThat(history.rates()).containsExactly(
                new RateHistory.Rates(5_000, 10, 1, 0.2),
                new RateHistory.Rates(10_000, 20, 0, 0));
    }

    @Test
    void keepsOnlyTheWindowAndTheSampleBeforeIt() {
        RateHistory history = new RateHistory(Duration.ofSeconds(60));
        for (long at = 0; at <= 600_000; at += 5_000) {
            history.sample(at, at / 1000, 0, 0);
        }

        assertThat(history.rates()).hasSize(12).allSatisfy(rate -> assertThat(rate.delivered()).isEqualTo(1.0));
        assertThat(history.rates().get(0).at()).isEqualTo(545_000);
    }

    @Test
    void aCounterThatWentDownIsNoNegativeRate() {
        RateHistory history = new RateHistory(Duration.ofMinutes(5));
        history.sample(0, 100, 0, 0);
        history.sample(5_000, 3, 0, 0); // the stats hash was deleted

        assertThat(history.rates()).singleElement().satisfies(rate -> assertThat(rate.delivered()).isZero());
    }
}
