package io.github.redispush.queue;

import io.github.redispush.PushExchange;

import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;

/**
 * What the delivery history records of one settled push beside its key and outcome: whom it was for, what the
 * provider answered, which attempt it was and how long it took from its claim to the answer. Any part may be
 * unknown (null): a key that does not parse has no uid, a connection error no status.
 */
public record DeliveryOutcome(String uid, Integer status, String code, long attempt, Long millis, String reason) {

    /** A reason is the provider's words or an exception's: kept short, the history is for finding, not for reading. */
    static final int MAX_REASON = 200;

    public DeliveryOutcome {
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "...";
        }
    }

    /** The exchange's uid, attempt and time since its claim, with what the provider answered. */
    public static DeliveryOutcome of(Exchange exchange, Integer status, String code, String reason) {
        PushKey parts = exchange.getProperty(PushExchange.PUSH_KEY_PARTS, PushKey.class);
        Long claimedAt = exchange.getProperty(PushExchange.PUSH_CLAIMED_AT, Long.class);
        return new DeliveryOutcome(parts == null ? null : parts.uid(), status, code,
                exchange.getProperty(PushExchange.PUSH_ATTEMPT, 0L, Long.class),
                claimedAt == null ? null : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - claimedAt), reason);
    }

    /** An outcome known only by what a dead-letter entry says (a caller that gave no outcome). */
    static DeliveryOutcome of(DeadLetterEntry entry) {
        return new DeliveryOutcome(null, entry.status(), null, entry.attempts(), null, entry.reason());
    }

    /** uid, status, code, attempt, ms, reason as the scripts take them: '' for what is unknown. */
    String[] arguments() {
        return new String[] {text(uid), text(status), text(code), Long.toString(attempt), text(millis), text(reason)};
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
