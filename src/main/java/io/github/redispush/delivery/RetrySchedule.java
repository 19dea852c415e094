package io.github.redispush.delivery;

import io.github.redispush.PushExchange;

import java.time.Duration;

import io.github.redispush.queue.Claims;
import io.github.redispush.queue.DeadLetterEntry;
import io.github.redispush.queue.DeliveryOutcome;
import io.github.redispush.queue.PushQueueStore;
import org.apache.camel.Exchange;
import org.springframework.dao.DataAccessException;

/**
 * What becomes of a push that failed for want of a working provider (unreachable, a timeout, 5xx, 408, or our
 * credentials refused): its claim is released at once, so its deliverer takes the next key, and its next try is
 * scheduled in Redis ({@code scheduleRetry-9.lua}), like Sidekiq's retry set. While the provider breaker has halted
 * delivery, the failure is not the message's: it goes back without spending an attempt. Otherwise it spends one,
 * waits out an exponential backoff (or the provider's Retry-After), and is dead-lettered when its attempts are spent.
 */
public class RetrySchedule {

    /** What was done with the failed push (retry null: Redis was unavailable); its text ends the route's log line. */
    public record Outcome(PushQueueStore.Retry retry, boolean held, long delayMillis, long attempt, int maxAttempts) {
        public boolean deadLettered() {
            return retry == PushQueueStore.Retry.DEAD_LETTERED;
        }

        @Override
        public String toString() {
            if (retry == null) {
                return "not scheduled, Redis is unavailable: it stays claimed and is re-queued when its lease runs out";
            }
            return switch (retry) {
                case NOT_OURS -> "its lease was taken over by another worker, which decides";
                case DEAD_LETTERED -> "dead-lettered, its " + maxAttempts + " attempts spent";
                case SCHEDULED -> held
                        ? "back on the queue without spending an attempt: delivery is halted"
                        : "retry in " + delayMillis + " ms (attempt " + attempt + " of " + maxAttempts + " spent)";
            };
        }
    }

    private final PushQueueStore store;
    private final ProviderBreaker breaker;
    private final RetryBackoff backoff;
    private final int maxAttempts;
    private final Runnable onRetry;

    public RetrySchedule(PushQueueStore store, ProviderBreaker breaker, RetryBackoff backoff, int maxAttempts, Runnable onRetry) {
        this.store = store;
        this.breaker = breaker;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.onRetry = onRetry;
    }

    /** The error handler's step for a push the provider could not take (the exception is the caught one). */
    public Outcome afterFailure(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean halted = breaker.failed(exchange, failure);
        if (halted) {
            return later(exchange, 0, false, null, failure);
        }
        long attempt = exchange.getProperty(PushExchange.PUSH_ATTEMPT, 1L, Long.class);
        long delay = backoff.delayMillis(attempt, retryAfter(failure));
        String key = exchange.getProperty(PushExchange.PUSH_KEY, String.class);
        Integer status = failure instanceof ProviderAnswerException answer && answer.getStatus() > 0 ? answer.getStatus() : null;
        DeadLetterEntry spent = new DeadLetterEntry(key, "gave up after " + attempt + " attempts, the last: " + FailureReason.of(failure),
                status, null, attempt, System.currentTimeMillis(), exchange.getProperty(Exchange.FAILURE_ROUTE_ID, "deliver", String.class));
        return later(exchange, delay, true, spent, failure);
    }

    /** A push claimed before delivery halted, not sent: back on the queue at once, no attempt spent. */
    public Outcome hold(Exchange exchange) {
        return later(exchange, 0, false, null, null);
    }

    /** A push still refused for rate after its in-process 429 retries: tried again later, no attempt spent. */
    public Outcome rateLimited(Exchange exchange) {
        return later(exchange, backoff.maximum().toMillis(), false, null, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    private Outcome later(Exchange exchange, long delay, boolean spendsAttempt, DeadLetterEntry spent, Throwable failure) {
        String key = exchange.getProperty(PushExchange.PUSH_KEY, String.class);
        String token = exchange.getProperty(PushExchange.CLAIM_TOKEN, "", String.class);
        PushQueueStore.Retry retry;
        try {
            retry = store.scheduleRetry(key, token, delay, spendsAttempt, spent, outcome(exchange, failure, spendsAttempt));
        } catch (DataAccessException redisDown) {
            // this runs inside the error handler: a second failure here would only be logged with its stack trace
            retry = null;
        }
        if (retry == PushQueueStore.Retry.SCHEDULED) {
            onRetry.run();
        }
        return new Outcome(retry, !spendsAttempt, delay, exchange.getProperty(PushExchange.PUSH_ATTEMPT, 0L, Long.class), maxAttempts);
    }

    /** The failed try as the delivery history shows it; one that spent no attempt says why. */
    private static DeliveryOutcome outcome(Exchange exchange, Throwable failure, boolean spendsAttempt) {
        ProviderAnswerException answer = failure instanceof ProviderAnswerException a ? a : null;
        String reason = failure == null ? "delivery halted before it was sent" : FailureReason.of(failure);
        return DeliveryOutcome.of(exchange, answer != null && answer.getStatus() > 0 ? answer.getStatus() : null,
                answer == null ? null : answer.getCode(), spendsAttempt ? reason : reason + " (no attempt spent)");
    }

    private static Duration retryAfter(Throwable failure) {
        if (failure instanceof ProviderUnavailableException unavailable) {
            return unavailable.getRetryAfter();
        }
        return null;
    }
}
