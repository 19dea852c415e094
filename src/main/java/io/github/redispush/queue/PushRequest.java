package io.github.redispush.queue;

import java.util.List;

/**
 * An intake request as the producer sent it: its messages (each with its own id or none), and its
 * {@code Idempotency-Key}, which covers the whole request (null when none was sent). The reader never lets both
 * kinds of id into one request.
 */
public record PushRequest(List<PushMessage> messages, String idempotencyKey) {

    /** Whether the producer sent an id of either kind: without one, the request is queued as before, recording nothing. */
    public boolean hasIds() {
        return idempotencyKey != null || messages.stream().anyMatch(message -> message.id() != null);
    }
}
