package io.github.redispush.delivery;

import io.github.redispush.PushExchange;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.queue.Claims;
import io.github.redispush.queue.PushKey;
import io.github.redispush.queue.PushKeyParser;
import org.apache.camel.Exchange;

/** The JSON the push provider receives: {@code {"uid": ..., "content": ..., "key": ...}}. */
public class PushRequestBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request body of the claim on the exchange: its parsed key ({@link PushKeyParser#PARTS}) and value. */
    public void json(Exchange exchange) throws JsonProcessingException {
        exchange.getMessage().setBody(json(exchange.getProperty(PushExchange.PUSH_KEY_PARTS, PushKey.class),
                exchange.getProperty(PushExchange.PUSH_CONTENT, String.class)));
    }

    public String json(PushKey key, String content) throws JsonProcessingException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("uid", key.uid());
        body.put("content", content);
        body.put("key", key.key());
        return JSON.writeValueAsString(body);
    }
}
