package io.github.redispush.http;

import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The headers an HTTP answer of this server may carry, whatever the exchange holds when it is answered: the
 * platform-http consumer copies every request header and every query parameter into the exchange's headers, and
 * would send them all back ({@code GET /dead-letters?Access-Control-Allow-Origin=*} came back with that header).
 * Set on the platform-http component (application.properties), so every route, error answer included, goes through
 * it; a route that means to send a new header adds it here. Content-Type is written by the consumer itself from the
 * exchange's header, past this filter: every route sets its own. Requests are filtered as camel-http does (Camel's
 * own headers are not taken from a request).
 */
public class AnswerHeaders extends HttpHeaderFilterStrategy {

    /** Lower case: the names the routes set. */
    static final Set<String> SENT = Set.of("content-type", "www-authenticate", "content-security-policy",
            "x-content-type-options", "cache-control", "retry-after");

    /**
     * The intake's answer to a request with a producer id, sent only from an exchange the intake marked with the
     * property {@link #REPLAYED_SET}: a query parameter of that name on another route becomes a header too, and stays
     * behind. (The consumer hands this filter the value already turned into text, so its type cannot tell.)
     */
    static final String REPLAYED = "idempotent-replayed";
    public static final String REPLAYED_SET = "PushIdempotentReplayedSet";

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        String name = headerName.toLowerCase(Locale.ROOT);
        if (name.equals(REPLAYED)) {
            return exchange == null || exchange.getProperty(REPLAYED_SET) == null;
        }
        return !SENT.contains(name);
    }
}
