package io.github.redispush.delivery;

import java.time.Duration;

/**
 * The provider's answer means "too many requests" (HTTP 429, RongCloud's code 1008): the shared rate limiter slows
 * every instance down, and the push is tried again without spending one of its attempts.
 */
public class ProviderRateLimitedException extends ProviderAnswerException {

    private final Duration retryAfter;

    /** @param retryAfter the provider's Retry-After, or null when it gave none */
    public ProviderRateLimitedException(int status, String code, String providerMessage, Duration retryAfter) {
        super(status, code, providerMessage);
        this.retryAfter = retryAfter;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }
}
