package io.github.redispush.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.github.redispush.http.CrossSiteGuard;
import org.apache.camel.Exchange;

/**
 * The gate in front of every operations request (dead letters, the dashboard's data and actions): the bearer
 * token when one is configured, compared in constant time, and the read-only switch for actions. Without a token,
 * the {@link CrossSiteGuard} keeps pages in the operator's browser out: the Host must be this server's, and an
 * action must be sent as JSON. With one, the token is the proof: a page elsewhere does not know it, and a plain
 * cross-site form cannot send an Authorization header.
 */
public class OpsAccess {

    private final byte[] expected;
    private final boolean readOnly;
    private final CrossSiteGuard guard;

    public OpsAccess(OpsSettings settings, CrossSiteGuard guard) {
        this.expected = settings.protectedByToken() ? ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8) : null;
        this.readOnly = settings.readOnly();
        this.guard = guard;
    }

    /**
     * Lets a request that reads through, or throws {@link UnauthorizedOpsException} or
     * {@link CrossSiteGuard.ForeignHostException}. The token is read from the request's own header, never from a
     * query parameter (it would end up in access logs and browser histories).
     */
    public void check(Exchange exchange) {
        String authorization = CrossSiteGuard.requestHeader(exchange, "Authorization");
        exchange.getMessage().removeHeader("Authorization");
        if (expected == null) {
            guard.checkHost(exchange);
            return;
        }
        byte[] given = authorization == null ? new byte[0] : authorization.trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new UnauthorizedOpsException();
        }
    }

    /**
     * For the dashboard's own files, which hold no data and are served without the token (a browser opening a page
     * cannot send a header): without a token, only to requests that name this server ({@link CrossSiteGuard}).
     */
    public void checkPage(Exchange exchange) {
        if (expected == null) {
            guard.checkHost(exchange);
        }
    }

    /**
     * For requests that change something: as {@link #check}, then refused in read-only mode
     * ({@link ReadOnlyException}), then, without a token, refused unless sent as JSON
     * ({@link CrossSiteGuard.NotJsonException}).
     */
    public void checkAction(Exchange exchange) {
        check(exchange);
        if (readOnly) {
            throw new ReadOnlyException();
        }
        if (expected == null) {
            guard.checkJson(exchange);
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
