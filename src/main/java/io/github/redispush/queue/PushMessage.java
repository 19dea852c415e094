package io.github.redispush.queue;


/**
 * One message to push: who gets it, what it says, the producer's id for it ({@code "id"} in the intake's JSON, null
 * when none was sent; it is then queued once within push.intake.dedup-ttl) and when it is to be sent (null: now, as
 * every PHP producer's push). Valid by construction (see the intake's reader).
 */
public record PushMessage(String uid, String content, String id, SendTime sendTime, TraceContext traceContext) {

    /** A message with no trace context: every message unless push.tracing.enabled and the producer sent one. */
    public PushMessage(String uid, String content, String id, SendTime sendTime) {
        this(uid, content, id, sendTime, null);
    }

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

    /** This message, carrying the producer's trace context (stored beside its value, docs/tracing.md). */
    public PushMessage tracedBy(TraceContext context) {
        return new PushMessage(uid, content, id, sendTime, context);
    }

    public boolean scheduled() {
        return sendTime != null;
    }
}
