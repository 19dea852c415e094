package io.github.redispush.queue;

/**
 * One message to push: who gets it, what it says, and when it is to be sent (null: now, as every PHP producer's
 * push). Valid by construction (see the intake's reader).
 */
public record PushMessage(String uid, String content, SendTime sendTime) {

    public PushMessage(String uid, String content) {
        this(uid, content, null);
    }

    public boolean scheduled() {
        return sendTime != null;
    }
}
