package io.github.redispush.intake;

import java.nio.charset.StandardCharsets;

/**
 * The rules for a producer's id, as an {@code Idempotency-Key} header or a message's {@code id} field: a string of
 * 1 to 255 UTF-8 bytes without control characters (Stripe allows 255 characters). It becomes part of a Redis key name
 * ({@code temp_queue:idempotency:<id>}), and a refusal quotes it, so it must stay printable and short.
 */
public final class ProducerId {

    public static final int MAX_BYTES = 255;

    private ProducerId() {
    }

    /**
     * @param what how a refusal names it ({@code Idempotency-Key}, {@code message 2: id})
     * @return the id, unchanged
     */
    public static String check(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new InvalidPushRequestException(what + " is empty: send 1 to " + MAX_BYTES + " printable characters, or leave it out");
        }
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new InvalidPushRequestException(what + " is " + bytes + " bytes, over the limit of " + MAX_BYTES);
        }
        if (id.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR)) {
            throw new InvalidPushRequestException(what + " must not contain control characters");
        }
        return id;
    }
}
