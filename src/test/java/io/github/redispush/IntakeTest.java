package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The intake writes what the PHP worker reads; invalid input gets 400 with a reason and writes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakeTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    /** The receiver is counted: a first push timed out on a busy machine is sent again (at least once), not what this tests. */
    @Override
    protected java.util.Properties properties() {
        java.util.Properties p = super.properties();
        p.put("camel.component.http.response-timeout", "10000");
        p.put("camel.component.http.so-timeout", "10000");
        return p;
    }

    @Test
    void writesTheKeyAndValueThePhpWorkerReads() throws Exception {
        stopReliableMove();

        HttpResponse<String> response = post("{\"uid\": \"42\", \"content\": \"hello 世界\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        List<String> keys = queued(response);
        assertThat(keys).singleElement().asString().matches("rabbit_push_42_[1-9][0-9]{5}");
        String key = keys.get(0);
        // what the PHP worker would BRPOPLPUSH and GET, in db 2
        assertThat(redis.list("push_queue")).containsExactly(key);
        assertThat(redis.get(key)).isEqualTo("hello 世界");
        assertThat(key.split("_")).hasSize(4);

        context.getRouteController().startRoute("reliable-move");
        eventually().until(() -> redis.get(key) == null && redis.list("temp_queue").isEmpty());
        receiver.verify(1, postRequestedFor(urlEqualTo("/push"))
                .withRequestBody(equalToJson("{\"uid\":\"42\",\"content\":\"hello 世界\",\"key\":\"" + key + "\"}")));
    }

    @Test
    void queuesAnArrayInRequestOrder() throws Exception {
        stopReliableMove();

        HttpResponse<String> response = post("[{\"uid\":\"1\",\"content\":\"a\"},{\"uid\":\"2\",\"content\":\"b\"},{\"uid\":\"3\",\"content\":\"c\"}]");

        assertThat(response.statusCode()).isEqualTo(202);
        List<String> keys = queued(response);
        assertThat(keys).hasSize(3);
        assertThat(keys.get(0)).startsWith("rabbit_push_1_");
        assertThat(keys.get(2)).startsWith("rabbit_push_3_");
        // LPUSHed one by one: the first request is the first the worker pops from the right
        assertThat(redis.list("push_queue")).containsExactly(keys.get(2), keys.get(1), keys.get(0));
        assertThat(keys.stream().map(redis::get)).containsExactly("a", "b", "c");
    }

    @Test
    void javaCallersUseTheDirectEndpoint() throws Exception {
        stopReliableMove();

        String answer = template.requestBody("direct:intake", "{\"uid\":\"9\",\"content\":\"from java\"}", String.class);

        String key = JSON.readTree(answer).get("queued").get(0).asText();
        assertThat(redis.get(key)).isEqualTo("from java");
    }

    @Test
    void javaCallersGetTheRefusalAsAnException() {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> template.requestBody("direct:intake", "{\"uid\":\"a_b\",\"content\":\"x\"}", String.class));

        assertThat(thrown).hasRootCauseInstanceOf(io.github.redispush.intake.InvalidPushRequestException.class)
                .rootCause().hasMessageContaining("must not contain '_'");
        assertThat(redis.dbSize()).isZero();
    }

    @ParameterizedTest(name = "{0} -> 400 ''{2}''")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON       | {\"uid\": \"1\", \"content\":                     | malformed JSON",
            "empty body           | ' '                                                | empty request",
            "missing uid          | {\"content\": \"x\"}                             | missing uid",
            "empty uid            | {\"uid\": \"\", \"content\": \"x\"}              | empty uid",
            "uid with underscore  | {\"uid\": \"a_b\", \"content\": \"x\"}           | must not contain '_'",
            "uid with a space     | {\"uid\": \"a b\", \"content\": \"x\"}           | whitespace",
            "missing content      | {\"uid\": \"1\"}                                 | missing content",
            "empty content        | {\"uid\": \"1\", \"content\": \"\"}              | empty content",
            "object content       | {\"uid\": \"1\", \"content\": {\"a\": 1}}        | content must be a string",
            "empty array          | []                                                 | empty array",
            "array of strings     | [\"x\"]                                            | expected an object",
            "one bad in an array  | [{\"uid\":\"1\",\"content\":\"ok\"},{\"uid\":\"2\"}] | message 1: missing content",
    })
    void refusesInvalidInputWithAReasonAndWritesNothing(String description, String body, String reason) throws Exception {
        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains(reason);
        assertThat(redis.dbSize()).isZero();
    }

    @ParameterizedTest(name = "stored as data: {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "\r\nFLUSHALL\r\n",
            "*1\r\n$8\r\nFLUSHALL\r\n",
            "'; DROP TABLE users; --",
            "$(rm -rf /) `id`",
            "<script>alert(1)</script>",
            "{\"uid\": \"2\", \"content\": \"nested\"}",
            "rabbit_push_1_123456",
            "\u202e\u0000\ud83d\ude00",
    })
    void injectionLookingContentIsQueuedVerbatimAsData(String content) throws Exception {
        stopReliableMove();

        HttpResponse<String> response = post(JSON.writeValueAsString(java.util.Map.of("uid", "7", "content", content)));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(redis.get(queued(response).get(0))).isEqualTo(content);
        assertThat(redis.list("push_queue")).hasSize(1);
    }

    @ParameterizedTest(name = "malformed JSON without parser internals: {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{\"uid\": \"1\"", "{\"uid\": \"1\", \"content\": x}", "{\"uid\": 1,,}", "[{]"})
    void malformedJsonIsRefusedWithWhereNotWithJacksonsInternals(String body) throws Exception {
        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).isEqualTo(400);
        String reason = JSON.readTree(response.body()).get("error").asText();
        assertThat(reason).startsWith("malformed JSON at line 1, column ")
                .doesNotContain("Source", "REDACTED", "StreamReadFeature", "Unexpected", "token", "marker");
        assertThat(redis.dbSize()).isZero();
    }

    @ParameterizedTest(name = "{0} -> 415")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void aFormPostGets415WithAReason(String contentType) throws Exception {
        // what curl -d 'uid=1&content=x' sends
        String body = contentType.startsWith("multipart")
                ? "--x\r\nContent-Disposition: form-data; name=\"uid\"\r\n\r\n1\r\n--x--\r\n" : "uid=1&content=x";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(intakeUri()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("Content-Type: application/json");
        assertThat(response.headers().firstValue("uid")).as("form fields are not echoed as headers").isEmpty();
        assertThat(redis.dbSize()).isZero();
    }

    @Test
    void refusesContentOverTheSizeLimit() throws Exception {
        String content = "é".repeat(2049); // 4098 UTF-8 bytes > 4096

        HttpResponse<String> response = post("{\"uid\": \"1\", \"content\": \"" + content + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("4098 bytes, over the limit of 4096");
        assertThat(redis.dbSize()).isZero();
    }

    @Test
    void onlyPostIsAccepted() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(intakeUri()).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(redis.dbSize()).isZero();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(intakeUri())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI intakeUri() {
        return URI.create("http://127.0.0.1:" + httpPort + "/push");
    }

    private static List<String> queued(HttpResponse<String> response) throws Exception {
        JsonNode queued = JSON.readTree(response.body()).get("queued");
        return JSON.convertValue(queued, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
