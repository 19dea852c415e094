package io.github.redispush.queue;

import io.github.redispush.PushExchange;

import org.apache.camel.Exchange;

/**
 * Splits a key the way the PHP worker does: on {@code _}, exactly 4 parts, the uid is the third. Where the PHP
 * worker {@code continue}s past a bad key (leaving it to cycle between the queues forever), this one rejects it
 * with a reason.
 */
public class PushKeyParser {


    /**
     * Parses the claim's key ({@link Claims#KEY}) into {@link #PushExchange.PUSH_KEY_PARTS}. A bean step taking the Exchange: a
     * {@code setProperty} with a bean expression copies the whole exchange on every call (seen in a profile).
     */
    public void parseKeyOf(Exchange exchange) {
        exchange.setProperty(PushExchange.PUSH_KEY_PARTS, parse(exchange.getProperty(PushExchange.PUSH_KEY, String.class)));
    }

    public PushKey parse(String key) {
        if (key == null || key.isEmpty()) {
            throw new MalformedPushKeyException(String.valueOf(key), "empty key");
        }
        String[] parts = key.split("_", -1);
        if (parts.length != 4) {
            throw new MalformedPushKeyException(key, "expected 4 '_'-separated parts, found " + parts.length);
        }
        if (parts[2].isEmpty()) {
            throw new MalformedPushKeyException(key, "empty uid");
        }
        return new PushKey(key, parts[0], parts[1], parts[2], parts[3]);
    }
}
