package io.github.redispush.queue;

/**
 * When a scheduled push is to be sent: at an instant the producer named ({@code sendAt}, epoch ms on its clock) or
 * after a delay counted from Redis's clock when it is stored ({@code delayMs}). Checked by the intake's reader.
 */
public record SendTime(boolean absolute, long millis) {

    public static SendTime at(long epochMillis) {
        return new SendTime(true, epochMillis);
    }

    public static SendTime after(long delayMillis) {
        return new SendTime(false, delayMillis);
    }

    /** As the scripts' includes/dueTime reads it: {@code at:<ms>} or {@code in:<ms>}. */
    public String spec() {
        return (absolute ? "at:" : "in:") + Math.max(0, millis);
    }

    /** The spec of a message's send time, or '' (due now) when it has none. */
    static String specOf(PushMessage message) {
        return message.sendTime() == null ? "" : message.sendTime().spec();
    }
}
