package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.github.redispush.queue.LookupGrace;
import org.junit.jupiter.api.Test;

/** The lookup's re-checks for a value not SET yet: quick ones first, then the configured grace period in full. */
class LookupGraceTest {

    @Test
    void oneAtOnceThenQuickReChecksDoublingUpToTheIntervalThenTheConfiguredChecks() {
        assertThat(delays(3, 50)).containsExactly(0L, 1L, 2L, 4L, 8L, 16L, 32L, 50L, 50L, 50L);
    }

    @Test
    void anIntervalOfOneMillisecondHasNoQuickReChecks() {
        assertThat(delays(4, 1)).containsExactly(0L, 1L, 1L, 1L, 1L);
    }

    @Test
    void noChecksTurnTheGracePeriodOff() {
        assertThat(delays(0, 50)).isEmpty();
    }

    private List<Long> delays(int checks, long intervalMs) {
        LookupGrace grace = new LookupGrace(null, checks, intervalMs);
        List<Long> delays = new ArrayList<>();
        for (int check = 1; ; check++) {
            long delay = grace.delayBefore(check);
            if (delay < 0) {
                return delays;
            }
            delays.add(delay);
        }
    }
}
