package io.github.redispush.ops;

import java.util.function.Function;

/**
 * Who may operate the pipelines over HTTP (the dead-letter operations and the dashboard), read once.
 *
 * @param token    the bearer token every operations request must carry: {@code push.ops.token}; empty when it is.
 *                 Never the intake token: a producer's secret must not purge dead letters or pause delivery, so a
 *                 server with only {@code push.intake.token} set has open operations (on loopback, kept from other
 *                 sites' pages by {@link io.github.redispush.http.CrossSiteGuard})
 * @param readOnly {@code push.ops.read-only}: requeue, purge, pause and resume are refused over HTTP
 */
public record OpsSettings(String token, boolean readOnly) {

    public static OpsSettings from(Function<String, String> property) {
        String token = text(property.apply("push.ops.token"));
        String readOnly = text(property.apply("push.ops.read-only"));
        if (!readOnly.isEmpty() && !readOnly.equalsIgnoreCase("true") && !readOnly.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("push.ops.read-only must be true or false, got '" + readOnly + "'");
        }
        return new OpsSettings(token, Boolean.parseBoolean(readOnly));
    }

    public boolean protectedByToken() {
        return !token.isEmpty();
    }

    /** Never the token: this may end up in a log. */
    @Override
    public String toString() {
        return "OpsSettings[" + (protectedByToken() ? "token ***" : "no token") + (readOnly ? ", read-only" : "") + "]";
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
