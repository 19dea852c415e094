package io.github.redispush.ops;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Why an operations request was refused, as JSON: the reason itself, without Camel's bean-invocation wrapper. */
public final class OpsAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpsAnswers() {
    }

    public static String refused(Throwable failure) throws JsonProcessingException {
        Throwable reason = failure;
        while (reason.getCause() != null && reason.getCause() != reason) {
            reason = reason.getCause();
        }
        return JSON.writeValueAsString(Map.of("error", String.valueOf(reason.getMessage())));
    }
}
