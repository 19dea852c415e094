package io.github.redispush.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Exchange;

/**
 * The gate in front of every operations request (dead letters, the dashboard's data and actions): the bearer
 * token when one is configured, compared in constant time, and the read-only switch for actions.
 */
public class OpsAccess {

    private final byte[] expected;
    private final boolean readOnly;

    public OpsAccess(OpsSettings settings) {
        this.expected = settings.protectedByToken() ? ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8) : null;
        this.readOnly = settings.readOnly();
    }

    /**
     * Lets the request through or throws {@link UnauthorizedOpsException}. The header is removed either way:
     * platform-http would otherwise copy it into the answer.
     */
    public void check(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.getMessage().removeHeader("Authorization");
        if (expected == null) {
            return;
        }
        byte[] given = authorization == null ? new byte[0] : authorization.trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new UnauthorizedOpsException();
        }
    }

    /** For requests that change something: refused in read-only mode ({@link ReadOnlyException}). */
    public void checkAction(Exchange exchange) {
        check(exchange);
        if (readOnly) {
            throw new ReadOnlyException();
        }
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** The request did not carry the ops token (HTTP 401). */
    public static class UnauthorizedOpsException extends RuntimeException {
        public UnauthorizedOpsException() {
            super("missing or wrong ops token: send Authorization: Bearer <push.ops.token>");
        }
    }

    /** An action asked of a read-only server (HTTP 403). */
    public static class ReadOnlyException extends RuntimeException {
        public ReadOnlyException() {
            super("read-only (push.ops.read-only=true): requeue, purge, pause and resume are off over HTTP");
        }
    }
}
