package io.github.redispush.queue;

/** A key that cannot be delivered because of its name alone; it goes to the dead-letter list with the reason. */
public class MalformedPushKeyException extends RuntimeException {

    private final String key;
    private final String reason;

    public MalformedPushKeyException(String key, String reason) {
        super("malformed push key '" + key + "': " + reason);
        this.key = key;
        this.reason = reason;
    }

    public String getKey() {
        return key;
    }

    public String getReason() {
        return reason;
    }
}
