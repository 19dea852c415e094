package io.github.redispush.intake;

/** Intake input that is refused as a whole (HTTP 400); nothing of it is written to Redis. */
public class InvalidPushRequestException extends RuntimeException {

    public InvalidPushRequestException(String reason) {
        super(reason);
    }
}
