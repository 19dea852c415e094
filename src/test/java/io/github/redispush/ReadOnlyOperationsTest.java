package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

/** push.ops.read-only=true: the operations still read, but requeue, purge, pause and resume answer 403 and change nothing. */
class ReadOnlyOperationsTest extends PipelineTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.ops.read-only", "true");
        return p;
    }

    @Test
    void actionsAreRefusedAndReadsWork() throws Exception {
        try (var jedis = redis.client()) {
            jedis.set("rabbit_push_1_111111", "kept");
            jedis.lpush("push_dead_letter", "{\"key\":\"rabbit_push_1_111111\",\"reason\":\"r\"}");
        }

        for (String[] action : new String[][] {{"POST", "/dead-letters/rabbit_push_1_111111/requeue"}, {"POST", "/dead-letters/requeue-all"},
            {"DELETE", "/dead-letters/rabbit_push_1_111111"}, {"DELETE", "/dead-letters"}, {"POST", "/dashboard/api/pause"},
            {"POST", "/dashboard/api/resume"}, {"DELETE", "/scheduled/rabbit_push_1_111111"}}) {
            HttpResponse<String> answer = send(action[0], action[1]);
            assertThat(answer.statusCode()).as(action[0] + " " + action[1]).isEqualTo(403);
            assertThat(answer.body()).contains("read-only");
        }

        assertThat(redis.length("push_dead_letter")).isEqualTo(1);
        assertThat(redis.get("rabbit_push_1_111111")).isEqualTo("kept");
        assertThat(context.getRouteController().getRouteStatus("reliable-move").isStarted()).isTrue();
        assertThat(send("GET", "/dead-letters").body()).contains("rabbit_push_1_111111");
        assertThat(send("GET", "/dead-letters/rabbit_push_1_111111").body()).contains("kept");
        assertThat(send("GET", "/dashboard/api/overview").body()).contains("\"readOnly\":true");
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
