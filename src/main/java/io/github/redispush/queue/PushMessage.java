package io.github.redispush.queue;

/**
 * One message to push: who gets it, what it says, the producer's id for it ({@code "id"} in the intake's JSON, null
 * when none was sent; it is then queued once within push.intake.dedup-ttl) and when it is to be sent (null: now, as
 * every PHP producer's push). Valid by construction (see the intake's reader).
 */
public record PushMessage(String uid, String content, String id, SendTime sendTime) {

    /** A message without an id, to be sent now, as the PHP producers and most callers send it. */
    public PushMessage(String uid, String content) {
        this(uid, content, null, null);
    }

    public PushMessage(String uid, String content, String id) {
        this(uid, content, id, null);
    }

    public PushMessage(String uid, String content, SendTime sendTime) {
        this(uid, content, null, sendTime);
    }

    public boolean scheduled() {
        return sendTime != null;
    }
}
