package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With push.intake.token set, the intake answers 401 without it; too large a body gets 413; neither writes. The intake
 * token opens the intake only, never the operations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtectedIntakeTest extends PipelineTestSupport {

    private static final String TOKEN = "intake-t0ken";
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.intake.token", TOKEN);
        p.put("camel.server.max-body-size", "2048");
        return p;
    }

    @Test
    void withoutTheTokenNothingIsQueued() throws Exception {
        HttpResponse<String> none = post(null, "{\"uid\":\"1\",\"content\":\"x\"}".getBytes());
        HttpResponse<String> wrong = post("Bearer guess", "{\"uid\":\"1\",\"content\":\"x\"}".getBytes());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("missing or wrong intake token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(redis.dbSize()).isZero();
    }

    @Test
    void withTheTokenItIsQueued() throws Exception {
        stopReliableMove();

        HttpResponse<String> answer = post("Bearer " + TOKEN, "{\"uid\":\"1\",\"content\":\"x\"}".getBytes());

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(redis.length("push_queue")).isEqualTo(1);
    }

    @Test
    void theIntakeTokenDoesNotOpenTheOperations() throws Exception {
        try (var jedis = redis.client()) {
            jedis.set("rabbit_push_1_111111", "kept");
            jedis.lpush("push_dead_letter", "{\"key\":\"rabbit_push_1_111111\",\"reason\":\"r\"}");
        }

        // no ops token: the operations are open to this machine, and the producer's token is no ops token, so it does
        // not stand in for the JSON Content-Type an action needs without one
        HttpResponse<String> purge = send("DELETE", "/dead-letters", "Bearer " + TOKEN);
        HttpResponse<String> requeue = send("POST", "/dead-letters/requeue-all", "Bearer " + TOKEN);

        assertThat(purge.statusCode()).isEqualTo(415);
        assertThat(requeue.statusCode()).isEqualTo(415);
        assertThat(redis.length("push_dead_letter")).isEqualTo(1);
        assertThat(redis.get("rabbit_push_1_111111")).isEqualTo("kept");
        assertThat(send("GET", "/dead-letters", null).body()).contains("rabbit_push_1_111111");
    }

    @Test
    void aBodyOverTheServerLimitGets413() throws Exception {
        byte[] big = ("{\"uid\":\"1\",\"content\":\"" + "x".repeat(3000) + "\"}").getBytes();

        HttpResponse<String> answer = post("Bearer " + TOKEN, big);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(redis.dbSize()).isZero();
    }

    @Test
    void aBodyThatIsNotUtf8Gets400() throws Exception {
        byte[] latin1 = {'{', '"', 'u', 'i', 'd', '"', ':', '"', '1', '"', ',', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':',
            '"', (byte) 0xE9, '"', '}'};

        HttpResponse<String> answer = post("Bearer " + TOKEN, latin1);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("not valid UTF-8");
        assertThat(redis.dbSize()).isZero();
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String authorization, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/push"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
