package io.github.redispush.queue;

/**
 * One message to push: who gets it and what it says, and the producer's id for it ({@code "id"} in the intake's JSON,
 * null when none was sent), under which it is queued once within push.intake.dedup-ttl. Valid by construction (see
 * the intake's reader).
 */
public record PushMessage(String uid, String content, String id) {

    /** A message without an id, as the PHP producers and most callers send it. */
    public PushMessage(String uid, String content) {
        this(uid, content, null);
    }
}
