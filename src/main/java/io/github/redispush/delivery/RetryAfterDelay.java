package io.github.redispush.delivery;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Camel has no built-in Retry-After. Run as the error handler's {@code onExceptionOccurred} processor for a 429
 * ({@link ProviderRateLimitedException}), this sets the {@code CamelRedeliveryDelay} header from the answer's
 * Retry-After before the redelivery delay is computed, capped at the maximum delay, and holds every instance off
 * for as long through the shared rate limit; without a Retry-After it clears the header so the exponential backoff
 * applies.
 */
public class RetryAfterDelay implements Processor {

    private final Duration maximum;
    private final Runnable onRetry;
    private final RateLimit rateLimit;

    /**
     * @param onRetry   told of each failed try the error handler retries (for the retried counter)
     * @param rateLimit told of a 429's Retry-After, so every instance holds off
     */
    public RetryAfterDelay(Duration maximum, Runnable onRetry, RateLimit rateLimit) {
        this.maximum = maximum;
        this.onRetry = onRetry;
        this.rateLimit = rateLimit;
    }

    @Override
    public void process(Exchange exchange) {
        onRetry.run();
        Exception failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }
        Duration delay = failure instanceof ProviderRateLimitedException limited ? limited.getRetryAfter() : null;
        if (delay == null) {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        } else {
            long millis = Math.min(delay.toMillis(), maximum.toMillis());
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, millis);
            rateLimit.pauseFor(millis);
        }
    }
}
