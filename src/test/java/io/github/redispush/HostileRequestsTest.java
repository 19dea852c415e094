package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.support.PipelineTestSupport;
import io.github.redispush.support.RawHttp;
import io.github.redispush.support.RawHttp.Answer;
import io.github.redispush.support.RawHttp.Call;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a web page in a browser on the operator's machine (or anyone who reaches the port) can make this server do
 * when no token is set, against a real Redis and the real HTTP server, with requests written by hand on a socket
 * (the JDK's client will not send a foreign Host):
 * <ul>
 * <li>query parameters and request headers named like answer headers are never echoed, on any route, error answers
 * included, and no answer carries a stack trace;</li>
 * <li>text/plain and form posts (what a cross-site form can send) to /push and to every action are refused with a
 * JSON reason and change nothing in Redis;</li>
 * <li>no CORS preflight is granted, so a page's script cannot send JSON either;</li>
 * <li>a foreign Host (DNS rebinding) is refused on every route and changes nothing;</li>
 * <li>Jolokia refuses a cross-origin exec, an exec over GET, and any purge.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "rabbit_push_1_111111";
    private static final String ENTRY = "{\"key\":\"" + KEY + "\",\"reason\":\"push provider rejected it with HTTP 400\"}";
    /** Answer headers a page would like the server to send for it. */
    private static final String INJECTED = "Access-Control-Allow-Origin=*&Set-Cookie=a%3D1&Content-Type=text%2Fhtml"
            + "&Access-Control-Allow-Credentials=true&X-Echoed=1";

    /** Every HTTP route, and the body a legitimate client sends it. */
    private static final List<Call> ROUTES = List.of(
            new Call("POST", "/push", "{\"uid\":\"7\",\"content\":\"hello\"}"),
            new Call("GET", "/dead-letters", null),
            new Call("GET", "/dead-letters/" + KEY, null),
            new Call("POST", "/dead-letters/" + KEY + "/requeue", null),
            new Call("POST", "/dead-letters/requeue-all", null),
            new Call("DELETE", "/dead-letters/" + KEY, null),
            new Call("DELETE", "/dead-letters", null),
            new Call("GET", "/dashboard", null),
            new Call("GET", "/dashboard/dashboard.js", null),
            new Call("GET", "/dashboard/dashboard.css", null),
            new Call("GET", "/dashboard/api/overview", null),
            new Call("POST", "/dashboard/api/pause", null),
            new Call("POST", "/dashboard/api/resume", null));

    /** Everything that changes something. */
    private static final List<Call> ACTIONS = ROUTES.stream().filter(call -> !call.method().equals("GET")).toList();

    /** Answers other than 2xx, each with its status. */
    private static final Map<Call, Integer> ERRORS = new LinkedHashMap<>();

    static {
        ERRORS.put(new Call("GET", "/dead-letters?offset=abc", null), 400);
        ERRORS.put(new Call("GET", "/dead-letters?count=-1", null), 400);
        ERRORS.put(new Call("POST", "/push", "{\"uid\":"), 400);
        ERRORS.put(new Call("POST", "/push", "[]"), 400);
        ERRORS.put(new Call("GET", "/dead-letters/rabbit_push_9_999999", null), 404);
        ERRORS.put(new Call("GET", "/dashboard/api/overview?pipeline=nope", null), 404);
        ERRORS.put(new Call("GET", "/dashboard/application.properties", null), 404);
        ERRORS.put(new Call("GET", "/no-such-path", null), 404);
        ERRORS.put(new Call("GET", "/push", null), 405);
        ERRORS.put(new Call("PUT", "/dashboard/api/pause", "{}"), 405);
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withEnableJMX();
    }

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("camel.management.jolokia-enabled", "true");
        return p;
    }

    @BeforeEach
    void aDeadLetter() {
        try (var jedis = redis.client()) {
            jedis.set(KEY, "kept beside its dead-letter entry");
            jedis.lpush("push_dead_letter", ENTRY);
        }
    }

    @Test
    void nothingOfTheRequestIsEchoedOnAnyRoute() throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (Call call : ROUTES) {
            answers.add(send(call.withQuery(INJECTED), ownHost(), "application/json", Map.of("X-Echoed-Header", "1")));
            aDeadLetter(); // the purges took it
        }
        for (Map.Entry<Call, Integer> error : ERRORS.entrySet()) {
            Answer answer = send(error.getKey().withQuery(INJECTED), ownHost(), "application/json", Map.of("X-Echoed-Header", "1"));
            assertThat(answer.status()).as(error.getKey() + " -> " + answer).isEqualTo(error.getValue());
            answers.add(answer);
        }
        // the refusals of this class: 403 (foreign Host), 415 (text/plain)
        answers.add(send(ROUTES.get(1).withQuery(INJECTED), "evil.example:8080", null, Map.of()));
        answers.add(send(ROUTES.get(0).withQuery(INJECTED), ownHost(), "text/plain", Map.of()));
        assertThat(answers.get(answers.size() - 2).status()).isEqualTo(403);
        assertThat(answers.get(answers.size() - 1).status()).isEqualTo(415);

        for (Answer answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isNotEqualTo(500);
            assertThat(answer.headers()).as(answer.toString())
                    .doesNotContainKeys("access-control-allow-origin", "access-control-allow-credentials", "set-cookie", "x-echoed",
                            "x-echoed-header", "authorization", "host", "origin");
            // ?Content-Type=text/html does not turn a JSON answer into a page; the HTML answers are the dashboard's own
            // page and Vert.x's fixed one for a path no route serves
            if (!answer.call().path().startsWith("/dashboard?") && !answer.body().equals("<html><body><h1>Resource not found</h1></body></html>")) {
                assertThat(answer.headers().getOrDefault("content-type", "")).as(answer.toString()).doesNotStartWith("text/html");
            }
            assertThat(answer.body()).as(answer.toString()).doesNotContain("Exception", "\tat ", "java.", "org.apache", "X-Echoed", "a=1");
        }
    }

    @Test
    void textAndFormPostsAreRefusedAndChangeNothing() throws Exception {
        Map<String, String> forms = Map.of(
                "text/plain", "{\"uid\":\"7\",\"content\":\"from a form\",\"x\":\"=\"}",
                "application/x-www-form-urlencoded", "uid=7&content=from+a+form",
                "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"uid\"\r\n\r\n7\r\n--x--\r\n");
        Map<String, String> before = redisState();

        for (Call action : ACTIONS) {
            for (Map.Entry<String, String> form : forms.entrySet()) {
                Answer answer = send(new Call(action.method(), action.path(), form.getValue()), ownHost(), form.getKey(), Map.of());
                assertThat(answer.status()).as(answer.toString()).isEqualTo(415);
                assertThat(reason(answer)).as(answer.toString()).contains("Content-Type: application/json");
            }
            // no Content-Type at all: not JSON either
            Answer bare = send(action, ownHost(), null, Map.of());
            assertThat(bare.status()).as(bare.toString()).isEqualTo(415);
            // ?Content-Type= in the query does not stand in for the header
            Answer queried = send(new Call(action.method(), action.path() + "?Content-Type=application%2Fjson",
                    forms.get("text/plain")), ownHost(), "text/plain", Map.of());
            assertThat(queried.status()).as(queried.toString()).isEqualTo(415);
        }

        assertThat(redisState()).isEqualTo(before);
        assertThat(context.getRouteController().getRouteStatus("reliable-move").isStarted()).isTrue();
    }

    @Test
    void noCorsPreflightIsGranted() throws Exception {
        // a page's script may send application/json to another origin only once a preflight grants it
        for (Call call : ROUTES) {
            Answer answer = send(new Call("OPTIONS", call.path(), null), ownHost(), null, Map.of("Origin", "http://evil.example",
                    "Access-Control-Request-Method", call.method(), "Access-Control-Request-Headers", "content-type"));
            assertThat(answer.status()).as(answer.toString()).isGreaterThanOrEqualTo(400);
            assertThat(answer.headers().keySet()).as(answer.toString()).noneMatch(name -> name.startsWith("access-control-"));
        }
    }

    @Test
    void aForeignHostIsRefusedOnEveryRoute() throws Exception {
        Map<String, String> before = redisState();

        for (Call call : ROUTES) {
            for (String host : List.of("evil.example:" + httpPort, "evil.example", "127.0.0.1.evil.example:" + httpPort)) {
                Answer answer = send(call, host, "application/json", Map.of());
                assertThat(answer.status()).as(host + ": " + answer).isEqualTo(403);
                assertThat(reason(answer)).as(answer.toString()).contains("DNS rebinding");
                assertThat(answer.body()).doesNotContain(KEY, "kept beside");
            }
            // neither ?Host= in the query nor the forwarded headers a page's script may add stand in for the Host
            Answer queried = send(call.withQuery("Host=127.0.0.1"), "evil.example", "application/json",
                    Map.of("X-Forwarded-Host", "127.0.0.1", "Forwarded", "host=localhost"));
            assertThat(queried.status()).as(queried.toString()).isEqualTo(403);
        }

        assertThat(redisState()).isEqualTo(before);
        assertThat(context.getRouteController().getRouteStatus("reliable-move").isStarted()).isTrue();
        // this server's own names, with or without the port, are served
        for (String host : List.of("127.0.0.1:" + httpPort, "localhost:" + httpPort, "localhost", "[::1]:" + httpPort, "LOCALHOST")) {
            Answer answer = send(new Call("GET", "/dead-letters", null), host, null, Map.of());
            assertThat(answer.status()).as(host + ": " + answer).isEqualTo(200);
            assertThat(answer.body()).contains(KEY);
        }
    }

    @Test
    void jolokiaRefusesCrossOriginExecGetExecAndPurge() throws Exception {
        Map<String, String> before = redisState();
        String route = "org.apache.camel:context=" + context.getName() + ",type=routes,name=\"reliable-move\"";
        String pipeline = "io.github.redispush:context=\"" + context.getName() + "\",type=PushQueue,name=\"push_queue\"";
        String suspend = JSON.writeValueAsString(Map.of("type", "exec", "mbean", route, "operation", "suspend()"));
        // Jolokia is served on the management port (camel.management.port), not beside the intake
        String local = "http://127.0.0.1:" + managementPort;

        // a page on another site, or one that reached 127.0.0.1 through its own name; and no origin at all (a plain
        // client that does not say where it comes from). Camel's Jolokia plugin calls Jolokia's origin check through
        // reflection and answers its refusal as a 500 "InvocationTargetException", not Jolokia's own 403 and reason
        List<String> origins = new ArrayList<>(List.of("http://evil.example", "http://evil.example:" + managementPort, "null",
                "http://localhost.evil.example", "http://127.0.0.1.evil.example:" + managementPort));
        origins.add(null);
        for (String origin : origins) {
            JsonNode refused = jolokia("POST", "/observe/jolokia", suspend, origin);
            assertThat(refused.get("status").asInt()).as(origin + " -> " + refused).isIn(403, 500);
            assertThat(refused.has("value")).as(origin + " -> " + refused).isFalse();
        }
        // an exec over GET, even from this machine's origin
        JsonNode overGet = jolokia("GET", "/observe/jolokia/exec/" + route.replace("\"", "%22") + "/suspend()", null, local);
        assertThat(overGet.get("status").asInt()).as(overGet.toString()).isEqualTo(403);
        // a purge, even from this machine's origin, by name or with its signature
        for (String purge : List.of("purgeAllDeadLetters()", "purgeAllDeadLetters", "purgeDeadLetter(java.lang.String)", "purgeDeadLetter")) {
            Map<String, Object> request = new LinkedHashMap<>(Map.of("type", "exec", "mbean", pipeline, "operation", purge));
            if (purge.startsWith("purgeDeadLetter")) {
                request.put("arguments", List.of(KEY));
            }
            JsonNode refused = jolokia("POST", "/observe/jolokia", JSON.writeValueAsString(request), local);
            assertThat(refused.get("status").asInt()).as(purge + " -> " + refused).isEqualTo(403);
        }

        assertThat(redisState()).isEqualTo(before);
        assertThat(context.getRouteController().getRouteStatus("reliable-move").isStarted()).isTrue();
        // what stays open from this machine: reading, and a requeue
        String depth = JSON.writeValueAsString(Map.of("type", "read", "mbean", pipeline, "attribute", "DeadLetterDepth"));
        JsonNode read = jolokia("POST", "/observe/jolokia", depth, local);
        assertThat(read.get("status").asInt()).as(read.toString()).isEqualTo(200);
        assertThat(read.get("value").asLong()).isEqualTo(1);
    }

    private JsonNode jolokia(String method, String path, String body, String origin) throws Exception {
        Answer answer = RawHttp.send(managementPort, new Call(method, path, body), "127.0.0.1:" + managementPort,
                body == null ? null : "application/json", origin == null ? Map.of() : Map.of("Origin", origin));
        assertThat(answer.headers()).as(answer.toString()).doesNotContainKeys("access-control-allow-origin", "set-cookie");
        return JSON.readTree(answer.body());
    }

    /** The queues, the dead letters, every message's value, the pipeline's counters: what a request could change. */
    private Map<String, String> redisState() {
        Map<String, String> state = new TreeMap<>();
        try (var jedis = redis.client()) {
            for (String key : jedis.keys("*")) {
                String type = jedis.type(key);
                state.put(key, switch (type) {
                    case "string" -> jedis.get(key);
                    case "list" -> jedis.lrange(key, 0, -1).toString();
                    case "hash" -> new TreeMap<>(jedis.hgetAll(key)).toString();
                    case "zset" -> jedis.zrange(key, 0, -1).toString();
                    default -> type;
                });
            }
        }
        return state;
    }

    private static String reason(Answer answer) throws IOException {
        assertThat(answer.headers().get("content-type")).as(answer.toString()).startsWith("application/json");
        return JSON.readTree(answer.body()).get("error").asText();
    }

    private String ownHost() {
        return "127.0.0.1:" + httpPort;
    }

    private Answer send(Call call, String host, String contentType, Map<String, String> headers) throws IOException {
        return RawHttp.send(httpPort, call, host, contentType, headers);
    }
}
