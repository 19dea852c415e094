package io.github.redispush.config;

import java.time.Duration;

/**
 * push.rate.per-uid: at most {@code pushes} sends to one uid per {@code window}. A push over it is deferred to the
 * schedule, to the uid's next window with a free slot, never dropped (docs/per-uid-fairness.md).
 */
public record UidRateLimit(int pushes, Duration window) {

    /** Below the release pass's own precision (push.schedule.release-interval-ms) a window means little. */
    static final Duration SHORTEST_WINDOW = Duration.ofMillis(100);
    /** Each uid's window state lives in Redis for one window: a day bounds what a typo can leave behind. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(1);
    static final int MOST_PUSHES = 1_000_000;

    public UidRateLimit {
        if (pushes < 1 || pushes > MOST_PUSHES) {
            throw new IllegalArgumentException("push.rate.per-uid allows 1.." + MOST_PUSHES + " pushes per window, got " + pushes);
        }
        if (window.compareTo(SHORTEST_WINDOW) < 0 || window.compareTo(LONGEST_WINDOW) > 0) {
            throw new IllegalArgumentException("push.rate.per-uid's window must be 100ms..1d, got " + window.toMillis() + " ms");
        }
    }

    public long windowMillis() {
        return window.toMillis();
    }

    @Override
    public String toString() {
        return pushes + " per " + window.toMillis() + " ms";
    }
}
