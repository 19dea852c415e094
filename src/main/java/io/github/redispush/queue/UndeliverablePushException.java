package io.github.redispush.queue;

/** A message that cannot be delivered because of what it is (its key, its value); retrying cannot help. */
public class UndeliverablePushException extends RuntimeException {

    private final String key;
    private final String reason;

    public UndeliverablePushException(String key, String reason) {
        super(key + ": " + reason);
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
