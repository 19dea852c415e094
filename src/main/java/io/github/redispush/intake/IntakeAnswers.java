package io.github.redispush.intake;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The intake's JSON answers: the keys it queued, or why it refused. */
public final class IntakeAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IntakeAnswers() {
    }

    public static String queued(List<String> keys) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("queued", keys));
    }

    public static String refused(String reason) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("error", reason));
    }
}
