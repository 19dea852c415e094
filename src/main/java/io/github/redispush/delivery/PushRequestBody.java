package io.github.redispush.delivery;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.redispush.queue.Claims;
import io.github.redispush.queue.PushKey;
import io.github.redispush.queue.PushKeyParser;
import org.apache.camel.Exchange;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** The JSON the push provider receives: {@code {"uid": ..., "content": ..., "key": ...}}. */
public class PushRequestBody {

    /**
     * Jackson's streaming writer: an ObjectMapper given a Map looks up a serializer for it and for each value on
     * every call (3% of the CPU per push in a profile); the three fields are always the same strings.
     */
    private static final JsonFactory JSON = new JsonFactory();

    /** The request body of the claim on the exchange: its parsed key ({@link PushKeyParser#PARTS}) and value. */
    public void json(Exchange exchange) {
        exchange.getMessage().setBody(json(exchange.getProperty(PushKeyParser.PARTS, PushKey.class),
                exchange.getProperty(Claims.CONTENT, String.class)));
    }

    /**
     * The signed JSON as HttpClient's request entity, sent as {@code application/json; charset=UTF-8}. Given a
     * string, camel-http parses the Content-Type header again for every request (4% of the CPU per push in a
     * profile); an entity it sends as it is.
     */
    public void entity(Exchange exchange) {
        exchange.getMessage().setBody(new StringEntity(exchange.getMessage().getBody(String.class), ContentType.APPLICATION_JSON));
    }

    public String json(PushKey key, String content) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("uid", key.uid());
            json.writeStringField("content", content);
            json.writeStringField("key", key.key());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
