package io.github.redispush.queue;

/** One message to push: who gets it and what it says. Valid by construction (see the intake's reader). */
public record PushMessage(String uid, String content) {
}
