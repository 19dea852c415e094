package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import io.github.redispush.support.PipelineTestSupport;
import io.github.redispush.support.RawHttp;
import io.github.redispush.support.RawHttp.Answer;
import io.github.redispush.support.RawHttp.Call;
import org.junit.jupiter.api.Test;

/**
 * The demo receiver, which exists only in the newcomer's demo (the embedded Redis and no push.url; a real Redis
 * without push.url is refused, see SafeStartIT): it takes a JSON POST and nothing else, echoes nothing of the
 * request, and grants no CORS preflight. The other routes are checked the same way in HostileRequestsTest.
 */
class DemoReceiverRequestsTest extends PipelineTestSupport {

    private static final Call PUSH = new Call("POST", "/demo/push", "{\"uid\":\"7\",\"content\":\"hello\"}");

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.redis.url", "embedded");
        p.put("push.url", "");
        return p;
    }

    @Test
    void takesAPostAndEchoesNothing() throws Exception {
        Answer answer = send(PUSH.withQuery("Access-Control-Allow-Origin=*&Set-Cookie=a%3D1&X-Echoed=1"), "application/json",
                Map.of("X-Echoed-Header", "1"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.headers()).as(answer.toString())
                .doesNotContainKeys("access-control-allow-origin", "set-cookie", "x-echoed", "x-echoed-header");
        assertThat(answer.headers().get("content-type")).startsWith("application/json");
    }

    @Test
    void takesNoOtherMethodAndGrantsNoPreflight() throws Exception {
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            Answer answer = send(new Call(method, PUSH.path(), null), null, Map.of());
            assertThat(answer.status()).as(answer.toString()).isEqualTo(405);
        }
        Answer preflight = send(new Call("OPTIONS", PUSH.path(), null), null, Map.of("Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
        assertThat(preflight.status()).as(preflight.toString()).isGreaterThanOrEqualTo(400);
        assertThat(preflight.headers().keySet()).as(preflight.toString()).noneMatch(name -> name.startsWith("access-control-"));
    }

    private Answer send(Call call, String contentType, Map<String, String> headers) throws Exception {
        return RawHttp.send(httpPort, call, "127.0.0.1:" + httpPort, contentType, headers);
    }
}
