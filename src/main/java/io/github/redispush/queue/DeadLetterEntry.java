package io.github.redispush.queue;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Why a key left circulation: stored as JSON on the dead-letter list, the key's value kept beside it.
 *
 * @param status the push provider's HTTP status, or null when it never answered
 * @param responseBody the start of the provider's answer, or null
 */
public record DeadLetterEntry(String key, String reason, Integer status, String responseBody, long attempts, long failedAt, String route) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1024;

    public DeadLetterEntry {
        if (responseBody != null && responseBody.length() > MAX_BODY) {
            responseBody = responseBody.substring(0, MAX_BODY) + "...";
        }
    }

    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", key);
        fields.put("reason", reason);
        if (status != null) {
            fields.put("status", status);
        }
        if (responseBody != null) {
            fields.put("responseBody", responseBody);
        }
        fields.put("attempts", attempts);
        fields.put("failedAt", failedAt);
        fields.put("route", route);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a dead-letter entry for " + key, e);
        }
    }
}
