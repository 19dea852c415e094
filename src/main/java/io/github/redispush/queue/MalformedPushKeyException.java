package io.github.redispush.queue;

/** A key that cannot be delivered because of its name alone; it goes to the dead-letter list with the reason. */
public class MalformedPushKeyException extends UndeliverablePushException {

    public MalformedPushKeyException(String key, String reason) {
        super(key, "malformed key: " + reason);
    }
}
