package io.github.redispush.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * When {@code push.intake.token} is set, the intake answers only requests that carry it as
 * {@code Authorization: Bearer <token>}. Compared in constant time, so the answer time tells nothing about it.
 */
public class IntakeToken {

    private final byte[] expected;

    public IntakeToken(String token) {
        this.expected = token == null || token.isBlank() ? null : ("Bearer " + token.trim()).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a token is set: without one, the intake is open to whoever reaches its port. */
    public boolean isSet() {
        return expected != null;
    }

    public void check(String authorization) {
        if (expected == null) {
            return;
        }
        byte[] given = authorization == null ? new byte[0] : authorization.trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new UnauthorizedIntakeException();
        }
    }

    /** The request did not carry the intake token (HTTP 401). */
    public static class UnauthorizedIntakeException extends RuntimeException {
        public UnauthorizedIntakeException() {
            super("missing or wrong intake token: send Authorization: Bearer <push.intake.token>");
        }
    }
}
