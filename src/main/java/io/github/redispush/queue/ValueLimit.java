package io.github.redispush.queue;

import java.nio.charset.StandardCharsets;

/**
 * PHP producers write values of any size; a provider would refuse a huge one (413) on every attempt. Values over
 * the limit are dead-lettered at once with their size, instead of being sent.
 */
public class ValueLimit {

    private final int maxBytes;

    public ValueLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public void check(String key, String value) {
        // a UTF-8 character is at most 4 bytes: only count when the length alone cannot tell
        if (value.length() * 4L > maxBytes) {
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                throw new UndeliverablePushException(key, "value is " + bytes + " bytes, over push.delivery.max-value-bytes=" + maxBytes);
            }
        }
    }
}
