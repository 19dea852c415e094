package io.github.redispush.queue;

import io.github.redispush.PushExchange;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;

/**
 * PHP producers write values of any size; a provider would refuse a huge one (413) on every attempt. Values over
 * the limit are dead-lettered at once with their size, instead of being sent.
 */
public class ValueLimit {

    private final int maxBytes;

    public ValueLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Checks the value in the body of a claim's exchange (an Exchange parameter: no per-message parameter binding). */
    public void check(Exchange exchange) {
        check(exchange.getProperty(PushExchange.PUSH_KEY, String.class), exchange.getMessage().getBody(String.class));
    }

    void check(String key, String value) {
        // a UTF-8 character is at most 4 bytes: only count when the length alone cannot tell
        if (value.length() * 4L > maxBytes) {
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                throw new UndeliverablePushException(key, "value is " + bytes + " bytes, over push.delivery.max-value-bytes=" + maxBytes);
            }
        }
    }
}
