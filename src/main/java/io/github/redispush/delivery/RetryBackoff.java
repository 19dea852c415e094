package io.github.redispush.delivery;

import java.time.Duration;

/**
 * When a failed push is tried again: {@code initial × multiplier^(attempt − 1)}, capped at {@code maximum}; a
 * Retry-After from the provider replaces it, capped the same way.
 */
public record RetryBackoff(Duration initial, double multiplier, Duration maximum) {

    /** @param attempt the attempt that just failed, 1 for the first */
    public long delayMillis(long attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return Math.min(retryAfter.toMillis(), maximum.toMillis());
        }
        double delay = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return (long) Math.min(delay, maximum.toMillis());
    }
}
