package io.github.redispush.intake;

import java.util.Locale;

/**
 * The intake reads JSON. A form post ({@code curl -d 'uid=1&content=x'}, the most common first try) is refused with
 * 415 and a reason before its body is read: Vert.x has already parsed a form into a map by then, so there is no
 * JSON left to read, only a confusing failure.
 */
public final class RequestContentType {

    private RequestContentType() {
    }

    public static void check(String contentType) {
        if (contentType == null) {
            return;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            throw new UnsupportedContentTypeException(type);
        }
    }

    /** A request body in a form encoding (HTTP 415). */
    public static class UnsupportedContentTypeException extends RuntimeException {
        public UnsupportedContentTypeException(String type) {
            super(type + " is not accepted: send JSON {\"uid\": \"...\", \"content\": \"...\"} with Content-Type: application/json"
                    + " (with curl: -H 'Content-Type: application/json' -d '{\"uid\": \"1\", \"content\": \"hello\"}')");
        }
    }
}
