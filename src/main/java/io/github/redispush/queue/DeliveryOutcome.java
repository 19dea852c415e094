package io.github.redispush.queue;

import io.github.redispush.PushExchange;

import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;

/**
 * What the delivery history records of one settled push beside its key and outcome: what the provider answered,
 * which attempt it was and how long it took from its claim to the answer. Any part may be unknown (null): a
 * connection error has no status. Whom it was for is the key's uid, read from the key when the history is searched.
 */
public record DeliveryOutcome(Integer status, String code, long attempt, Long millis, String reason) {

    /** A reason is the provider's words or an exception's: kept short, the history is for finding, not for reading. */
    static final int MAX_REASON = 200;

    public DeliveryOutcome {
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "...";
        }
    }

    /** The exchange's attempt and time since its claim, with what the provider answered. */
    public static DeliveryOutcome of(Exchange exchange, Integer status, String code, String reason) {
        Long claimedAt = exchange.getProperty(PushExchange.PUSH_CLAIMED_AT, Long.class);
        return new DeliveryOutcome(status, code,
                exchange.getProperty(PushExchange.PUSH_ATTEMPT, 0L, Long.class),
                claimedAt == null ? null : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - claimedAt), reason);
    }

    /** An outcome known only by what a dead-letter entry says (a caller that gave no outcome). */
    static DeliveryOutcome of(DeadLetterEntry entry) {
        return new DeliveryOutcome(entry.status(), null, entry.attempts(), null, entry.reason());
    }

    /**
     * The history entry's result after its outcome and retry time, as the settling scripts take it:
     * {@code |<status>|<attempt>|<ms>|<instance>|<code>}, '' for what is unknown (see includes/recordOutcome.lua).
     * The uid is not written: it is the key's third part, read back by the search.
     */
    String resultTail(String instance) {
        return new StringBuilder(48).append('|').append(text(status)).append('|').append(attempt > 0 ? Long.toString(attempt) : "")
                .append('|').append(text(millis)).append('|').append(instance).append('|').append(text(code)).toString();
    }

    /** The whole result of a delivery: it has no retry time and no reason. */
    String deliveredResult(String instance) {
        return "delivered|" + resultTail(instance);
    }

    /** The reason as the scripts take it: '' when there is none. */
    String reasonText() {
        return text(reason);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
