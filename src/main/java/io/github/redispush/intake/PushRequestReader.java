package io.github.redispush.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.StrictUtf8;
import io.github.redispush.queue.PushMessage;
import io.github.redispush.queue.PushRequest;

/**
 * Reads an intake request, {@code {"uid": "...", "content": "..."}} or an array of them, each with an optional
 * {@code "id"} (see {@link ProducerId}), and checks every message before anything is written, so a request is queued
 * whole or refused whole with a reason. A message may carry a send time ({@code sendAt} or
 * {@code delayMs}, see {@link SendTimeReader}).
 */
public class PushRequestReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** push.schedule.max-delay-days's default, for callers that do not say. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofDays(30);

    private final int maxContentBytes;
    private final int maxBatch;
    private final SendTimeReader sendTimes;

    public PushRequestReader(int maxContentBytes, int maxBatch) {
        this(maxContentBytes, maxBatch, DEFAULT_MAX_DELAY);
    }

    /** @param maxDelay the furthest a send time may be from now (push.schedule.max-delay-days) */
    public PushRequestReader(int maxContentBytes, int maxBatch, Duration maxDelay) {
        this.maxContentBytes = maxContentBytes;
        this.maxBatch = maxBatch;
        this.sendTimes = new SendTimeReader(maxDelay, System::currentTimeMillis);
    }

    /** The request body as sent: bytes that are not UTF-8 are refused rather than turned into U+FFFD. */
    public List<PushMessage> read(byte[] body) {
        if (body == null) {
            return read((String) null);
        }
        try {
            return read(StrictUtf8.decode(body));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidPushRequestException("request body is not valid UTF-8");
        }
    }

    public List<PushMessage> read(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidPushRequestException("empty request: send {\"uid\": \"...\", \"content\": \"...\"} or an array of them");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // the place, not Jackson's own words: those name its parser features and source settings
            throw new InvalidPushRequestException(malformed(e.getLocation()));
        }
        List<PushMessage> messages = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                throw new InvalidPushRequestException("empty array: nothing to queue");
            }
            if (root.size() > maxBatch) {
                throw new InvalidPushRequestException("too many messages in one request: " + root.size() + " > " + maxBatch);
            }
            java.util.Map<String, Integer> ids = new java.util.HashMap<>();
            for (int i = 0; i < root.size(); i++) {
                PushMessage message = message(root.get(i), "message " + i + ": ");
                Integer first = message.id() == null ? null : ids.putIfAbsent(message.id(), i);
                if (first != null) {
                    // two records of one id in one request: which would a repeat be answered from?
                    throw new InvalidPushRequestException("message " + i + ": id '" + message.id() + "' is already the id of message " + first);
                }
                messages.add(message);
            }
        } else {
            messages.add(message(root, ""));
        }
        return messages;
    }

    /**
     * The messages as read, with the request's {@code Idempotency-Key} (null when none was sent), which covers them all.
     * One kind of id per request: a key for the whole request beside ids of its own messages would leave it unclear
     * which decides what a repeat is.
     */
    public PushRequest withIdempotencyKey(List<PushMessage> messages, String idempotencyKey) {
        if (idempotencyKey == null) {
            return new PushRequest(messages, null);
        }
        ProducerId.check(idempotencyKey, "Idempotency-Key");
        if (messages.stream().anyMatch(message -> message.id() != null)) {
            throw new InvalidPushRequestException("send either an Idempotency-Key header for the whole request or an id in each message, not both");
        }
        return new PushRequest(messages, idempotencyKey);
    }

    private static String malformed(JsonLocation at) {
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "malformed JSON" + where + ": send {\"uid\": \"...\", \"content\": \"...\"} or an array of them";
    }

    private PushMessage message(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new InvalidPushRequestException(where + "expected an object with uid and content");
        }
        String uid = text(node, "uid", where);
        String content = text(node, "content", where);
        if (uid.indexOf('_') >= 0) {
            throw new InvalidPushRequestException(where + "uid must not contain '_' (keys are split on it)");
        }
        if (uid.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new InvalidPushRequestException(where + "uid must not contain whitespace or control characters");
        }
        int bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxContentBytes) {
            throw new InvalidPushRequestException(where + "content is " + bytes + " bytes, over the limit of " + maxContentBytes);
        }
        return new PushMessage(uid, content, id(node, where), sendTimes.read(node, where));
    }

    /** The message's own id, or null when it has none. */
    private static String id(JsonNode node, String where) {
        JsonNode value = node.get("id");
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidPushRequestException(where + "id must be a string");
        }
        return ProducerId.check(value.asText(), where + "id");
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidPushRequestException(where + "missing " + field);
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw new InvalidPushRequestException(where + field + " must be a string");
        }
        String text = value.asText();
        if (text.isEmpty()) {
            throw new InvalidPushRequestException(where + "empty " + field);
        }
        return text;
    }
}
