package io.github.redispush.intake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.queue.PushQueueStore.Enqueued;

/** The intake's JSON answers: the keys it queued, or why it refused. */
public final class IntakeAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IntakeAnswers() {
    }

    public static String queued(List<String> keys) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("queued", keys));
    }

    /**
     * {@code {"queued": [keys]}} as always; when the producer sent ids, also {@code "replayed": [keys]}: those an
     * earlier request with the same id queued (empty when this one queued them all).
     */
    public static String queued(Enqueued enqueued) throws JsonProcessingException {
        if (!enqueued.idsGiven()) {
            return queued(enqueued.keys());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("queued", enqueued.keys());
        answer.put("replayed", enqueued.replayed());
        return JSON.writeValueAsString(answer);
    }

    public static String refused(String reason) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("error", reason));
    }
}
