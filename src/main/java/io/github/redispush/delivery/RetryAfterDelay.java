package io.github.redispush.delivery;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Camel has no built-in Retry-After. Run as the error handler's {@code onExceptionOccurred} processor, this sets
 * the {@code CamelRedeliveryDelay} header from a 429/503 answer's Retry-After (seconds or an HTTP date) before the
 * redelivery delay is computed, capped at the maximum delay; otherwise it clears the header so the exponential
 * backoff applies again.
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
        Duration delay = failure instanceof HttpOperationFailedException http ? retryAfter(http) : null;
        if (delay == null) {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        } else {
            long millis = Math.min(delay.toMillis(), maximum.toMillis());
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, millis);
            if (((HttpOperationFailedException) failure).getStatusCode() == 429) {
                rateLimit.pauseFor(millis);
            }
        }
    }

    static Duration retryAfter(HttpOperationFailedException http) {
        if (http.getStatusCode() != 429 && http.getStatusCode() != 503) {
            return null;
        }
        String value = header(http, "Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String header(HttpOperationFailedException http, String name) {
        if (http.getResponseHeaders() == null) {
            return null;
        }
        return http.getResponseHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue())
                .findFirst().orElse(null);
    }
}
