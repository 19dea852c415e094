package io.github.redispush.queue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What Redis keeps of a producer id for push.intake.dedup-ttl, as JSON an operator can read with GET: the fingerprint
 * of the messages first sent under it, and the keys they were queued as. A repeat with the same fingerprint is
 * answered with these keys; one with another fingerprint is refused (Stripe's rule for a reused Idempotency-Key).
 *
 * @param request SHA-256 (hex) of the messages' uids and texts, in order ({@link #fingerprint})
 */
public record IdempotencyRecord(String request, List<String> keys) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The messages' uids and texts, each length-prefixed so no two different requests run together into the same
     * bytes; never their ids (the id is the record's name), so a header id and a message id that carry the same
     * message agree.
     */
    public static String fingerprint(List<PushMessage> messages) {
        StringBuilder canonical = new StringBuilder();
        for (PushMessage message : messages) {
            canonical.append(message.uid().length()).append(':').append(message.uid())
                    .append(message.content().length()).append(':').append(message.content());
            if (message.scheduled()) {
                // the same id with another send time is another request; an unscheduled message's fingerprint is as before
                String spec = message.sendTime().spec();
                canonical.append('@').append(spec.length()).append(':').append(spec);
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("request", request);
        fields.put("keys", keys);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record as stored; an unreadable one (written by something else) is an error, never a replay. */
    public static IdempotencyRecord parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            List<String> keys = new java.util.ArrayList<>();
            node.get("keys").forEach(key -> keys.add(key.asText()));
            return new IdempotencyRecord(node.get("request").asText(), List.copyOf(keys));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("an idempotency record is not what the intake writes: " + e.getMessage(), e);
        }
    }
}
