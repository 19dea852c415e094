package io.github.redispush.queue;

/**
 * A producer's id came again within push.intake.dedup-ttl with other messages than the first time (HTTP 422, as
 * Stripe refuses an Idempotency-Key reused with other parameters): nothing of the request is queued, and the first
 * request's record stays as it was.
 */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException(String what) {
        super(what + " was used within push.intake.dedup-ttl for other messages: nothing queued."
                + " Send the same messages to get the first answer again, or a new id for a new request");
    }
}
