package io.github.redispush.intake;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.redispush.queue.SendTime;

/**
 * Reads a message's optional send time: {@code sendAt} (epoch milliseconds, or an ISO-8601 instant such as
 * {@code 2026-12-24T18:00:00Z}) or {@code delayMs} (milliseconds from now), never both. A time later than
 * push.schedule.max-delay-days from now is refused: a typo (seconds read as milliseconds the other way round, a year
 * too far) would otherwise sit in Redis unseen for years.
 */
final class SendTimeReader {

    static final String SEND_AT = "sendAt";
    static final String DELAY_MS = "delayMs";

    private final Duration maxDelay;
    private final LongSupplier clock;

    SendTimeReader(Duration maxDelay, LongSupplier clock) {
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    /** The message's send time, or null when it names none (the PHP producers' case: nothing changes). */
    SendTime read(JsonNode message, String where) {
        JsonNode at = present(message.get(SEND_AT));
        JsonNode delay = present(message.get(DELAY_MS));
        if (at == null && delay == null) {
            return null;
        }
        if (at != null && delay != null) {
            throw new InvalidPushRequestException(where + "send either sendAt or delayMs, not both");
        }
        if (delay != null) {
            if (!delay.canConvertToLong() || !delay.isIntegralNumber() || delay.asLong() < 0) {
                throw new InvalidPushRequestException(where + "delayMs must be a whole number of milliseconds from 0 up");
            }
            requireWithinMax(delay.asLong(), where, "delayMs");
            return SendTime.after(delay.asLong());
        }
        long epochMillis = epochMillis(at, where);
        requireWithinMax(epochMillis - clock.getAsLong(), where, "sendAt");
        return SendTime.at(epochMillis);
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static long epochMillis(JsonNode at, String where) {
        if (at.isIntegralNumber() && at.canConvertToLong() && at.asLong() >= 0) {
            return at.asLong();
        }
        if (at.isTextual() && at.asText().trim().matches("\\d{1,15}")) {
            return Long.parseLong(at.asText().trim());
        }
        if (at.isTextual()) {
            String text = at.asText().trim();
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException notZulu) {
                try {
                    // an instant written with its offset, 2026-12-24T19:00:00+01:00
                    return OffsetDateTime.parse(text).toInstant().toEpochMilli();
                } catch (DateTimeParseException | ArithmeticException e) {
                    // the same answer as any other unreadable time
                }
            }
        }
        throw new InvalidPushRequestException(where + "sendAt must be epoch milliseconds or an ISO-8601 instant such as "
                + "2026-12-24T18:00:00Z, got " + shown(at));
    }

    private void requireWithinMax(long fromNowMillis, String where, String field) {
        if (fromNowMillis > maxDelay.toMillis()) {
            throw new InvalidPushRequestException(where + field + " is more than push.schedule.max-delay-days ("
                    + maxDelay.toDays() + " days) from now: nothing queued");
        }
    }

    /** The client's own text in a reason, cut short. */
    private static String shown(JsonNode node) {
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
