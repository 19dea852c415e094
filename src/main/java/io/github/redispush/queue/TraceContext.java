package io.github.redispush.queue;

import java.util.regex.Pattern;

/**
 * A W3C trace context as a producer sent it on {@code POST /push}: its {@code traceparent}, and its {@code tracestate}
 * (null when none). Stored beside the push's value as one string, the two headers on two lines: neither can hold a
 * line break, since both come from HTTP header fields.
 */
public record TraceContext(String traceparent, String tracestate) {

    /**
     * Version 00 of the W3C header, as OpenTelemetry's propagator reads it: all-zero trace or span ids are invalid
     * there, and are refused here too, so a context that could not be continued is never stored.
     */
    private static final Pattern TRACEPARENT = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    /** The W3C limit a platform should at least pass on; a longer tracestate is dropped, the traceparent kept. */
    private static final int TRACESTATE_MAX = 512;

    /**
     * The producer's context, or null when it sent no {@code traceparent} or one that is not a W3C version 00 header:
     * the push is then traced from its claim, as the W3C recommends for a header that cannot be parsed.
     */
    public static TraceContext fromHeaders(Object traceparent, Object tracestate) {
        if (!(traceparent instanceof String parent) || !TRACEPARENT.matcher(parent.trim()).matches()) {
            return null;
        }
        String state = tracestate instanceof String s && !s.isBlank() && s.length() <= TRACESTATE_MAX
                && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s.trim() : null;
        return new TraceContext(parent.trim(), state);
    }

    /** As stored in Redis: null (a key that expired or was never written) gives null. */
    public static TraceContext fromStored(String stored) {
        if (stored == null) {
            return null;
        }
        int newline = stored.indexOf('\n');
        return newline < 0 ? fromHeaders(stored, null) : fromHeaders(stored.substring(0, newline), stored.substring(newline + 1));
    }

    public String stored() {
        return tracestate == null ? traceparent : traceparent + '\n' + tracestate;
    }

    /** The trace id, the second field of the traceparent. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }
}
