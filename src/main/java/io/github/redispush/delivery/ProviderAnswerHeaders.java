package io.github.redispush.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;

/**
 * Which headers camel-http carries between a push and the provider's answer (the http component's
 * {@code headerFilterStrategy}, set in application.properties). Requests are filtered as camel-http does by default:
 * Camel's own headers stay home, the rest (Content-Type, the signer's Authorization or RongCloud's App-Key, Nonce,
 * Timestamp, Signature) are sent. Of an answer's headers only those a route reads come back onto the message:
 * Retry-After (a 429's or a 503's wait) and Content-Type. By default camel-http lower-cases, tests and copies every
 * header of every answer (Date, Connection, Keep-Alive, Server, a provider's tracing ids...) into the message, where
 * nothing reads them: a few percent of the deliverers' CPU per push in a profile.
 */
public class ProviderAnswerHeaders extends HttpHeaderFilterStrategy {

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !("Retry-After".equalsIgnoreCase(headerName) || Exchange.CONTENT_TYPE.equalsIgnoreCase(headerName));
    }
}
