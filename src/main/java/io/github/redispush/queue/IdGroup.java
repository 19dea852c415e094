package io.github.redispush.queue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages of one request queued under one producer id, or (id null) those sent without one: the request's
 * Idempotency-Key makes one group of all its messages; without it each message with an {@code id} is a group of its
 * own, and the messages without one share a group that records nothing.
 *
 * @param named the id as a refusal names it ({@code Idempotency-Key 'a'}, {@code message 2: id 'b'})
 * @param positions where the messages are in the request, so the answer lists keys in request order
 */
record IdGroup(String id, String named, String fingerprint, List<PushMessage> messages, List<Integer> positions) {

    static List<IdGroup> of(PushRequest request) {
        List<PushMessage> messages = request.messages();
        if (request.idempotencyKey() != null) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                all.add(i);
            }
            return List.of(new IdGroup(request.idempotencyKey(), "Idempotency-Key '" + request.idempotencyKey() + "'",
                    IdempotencyRecord.fingerprint(messages), messages, all));
        }
        Map<String, IdGroup> byId = new LinkedHashMap<>();
        List<PushMessage> withoutId = new ArrayList<>();
        List<Integer> withoutIdAt = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            PushMessage message = messages.get(i);
            if (message.id() == null) {
                withoutId.add(message);
                withoutIdAt.add(i);
            } else if (byId.put(message.id(), new IdGroup(message.id(), "message " + i + ": id '" + message.id() + "'", IdempotencyRecord.fingerprint(List.of(message)),
                    List.of(message), List.of(i))) != null) {
                // the reader refuses this with a reason; a Java caller of the store gets it here
                throw new IllegalArgumentException("id '" + message.id() + "' is given to two messages of one request");
            }
        }
        List<IdGroup> groups = new ArrayList<>(byId.values());
        if (!withoutId.isEmpty()) {
            groups.add(new IdGroup(null, null, null, withoutId, withoutIdAt));
        }
        return groups;
    }

    boolean recorded() {
        return id != null;
    }

    /** The record of this group's id with the keys its messages were queued as. */
    String record(List<String> keys) {
        return new IdempotencyRecord(fingerprint, keys).toJson();
    }
}
