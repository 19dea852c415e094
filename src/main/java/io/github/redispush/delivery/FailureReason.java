package io.github.redispush.delivery;

import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * A delivery failure in a few words for the log: the status for an HTTP answer, the exception's own words
 * otherwise. Never the request URL (it may carry a token) nor the message text.
 */
public final class FailureReason {

    private FailureReason() {
    }

    public static String of(Throwable failure) {
        if (failure == null) {
            return "unknown";
        }
        if (failure instanceof ProviderAnswerException answer) {
            return answer.getMessage();
        }
        if (failure instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode() + (http.getStatusText() == null ? "" : " " + http.getStatusText());
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
