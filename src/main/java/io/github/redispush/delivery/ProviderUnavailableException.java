package io.github.redispush.delivery;

import java.time.Duration;

/** The provider's answer means the provider is down, too slow or failing (5xx, an internal timeout): the push is retried later, and the failure counts towards the provider breaker. */
public class ProviderUnavailableException extends ProviderAnswerException {

    private final Duration retryAfter;

    public ProviderUnavailableException(int status, String code, String providerMessage) {
        this(status, code, providerMessage, null);
    }

    /** @param retryAfter the provider's Retry-After (a 503 may send one), or null when it gave none */
    public ProviderUnavailableException(int status, String code, String providerMessage, Duration retryAfter) {
        super(status, code, providerMessage);
        this.retryAfter = retryAfter;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }
}
