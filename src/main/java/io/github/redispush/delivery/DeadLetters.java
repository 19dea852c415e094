package io.github.redispush.delivery;

import io.github.redispush.PushExchange;
import io.github.redispush.queue.DeadLetterEntry;
import io.github.redispush.queue.DeliveryOutcome;
import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.queue.UndeliverablePushException;

import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Turns the failure an exchange carries into a dead-letter entry with its reason, and writes it. */
public class DeadLetters {


    private final PushQueueStore store;

    public DeadLetters(PushQueueStore store) {
        this.store = store;
    }

    /** @return false when there is no key to dead-letter (the failure came before the key could be read) */
    public boolean record(Exchange exchange) {
        Throwable failure = cause(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        String key = exchange.getProperty(PushExchange.PUSH_KEY, String.class);
        if (key == null) {
            // e.g. a key name that is not UTF-8: it sits unnamed in the temp queue, where the redeliver route adopts
            // it and dead-letters it after push.max-attempts
            exchange.setProperty(PushExchange.DEAD_LETTER_REASON, failure == null ? "unknown" : failure.getMessage());
            return false;
        }
        String token = exchange.getProperty(PushExchange.CLAIM_TOKEN, "", String.class);
        long attempt = exchange.getProperty(PushExchange.PUSH_ATTEMPT, 0L, Long.class);
        String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, "unknown", String.class);

        DeadLetterEntry entry;
        String code = null;
        if (failure instanceof ProviderAnswerException answer) {
            code = answer.getCode();
            // the provider's words go in responseBody, not in the reason that the log line prints
            String status = answer.getStatus() > 0 ? "HTTP " + answer.getStatus() : "no HTTP status";
            entry = new DeadLetterEntry(key, "push provider rejected it with " + status + (answer.getCode() == null ? "" : ", code " + answer.getCode()),
                    answer.getStatus() > 0 ? answer.getStatus() : null, answer.getProviderMessage(), attempt, System.currentTimeMillis(), route);
        } else if (failure instanceof HttpOperationFailedException http) {
            entry = new DeadLetterEntry(key, "push provider rejected it with HTTP " + http.getStatusCode(), http.getStatusCode(),
                    http.getResponseBody(), attempt, System.currentTimeMillis(), route);
        } else if (failure instanceof UndeliverablePushException undeliverable) {
            entry = new DeadLetterEntry(key, undeliverable.getReason(), null, null, attempt, System.currentTimeMillis(), route);
        } else {
            String reason = failure == null ? "unknown" : failure.getMessage() == null ? failure.getClass().getSimpleName()
                    : failure.getClass().getSimpleName() + ": " + failure.getMessage();
            entry = new DeadLetterEntry(key, reason, null, null, attempt, System.currentTimeMillis(), route);
        }
        store.deadLetter(key, token, entry, DeliveryOutcome.of(exchange, entry.status(), code, entry.reason()));
        exchange.setProperty(PushExchange.DEAD_LETTER_REASON, entry.reason());
        return true;
    }

    /**
     * The failure an operator can act on, without Camel's wrappers: a bean call in an expression arrives as
     * {@code RuntimeBeanExpressionException: Failed to invoke method: parse(...) ... due to: ...}. The first of our
     * own rejections or the provider's answer in the chain, else the first cause that is not a Camel wrapper.
     */
    static Throwable cause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UndeliverablePushException || cause instanceof HttpOperationFailedException) {
                return cause;
            }
        }
        Throwable unwrapped = failure;
        while (unwrapped instanceof RuntimeCamelException && unwrapped.getCause() != null && unwrapped.getCause() != unwrapped) {
            unwrapped = unwrapped.getCause();
        }
        return unwrapped;
    }
}
