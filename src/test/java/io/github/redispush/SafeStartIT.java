package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.redispush.redis.EmbeddedRedis;
import io.github.redispush.support.PackagedJar;
import io.github.redispush.support.TestRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The packaged jar refuses a start that would lose or expose something, with one line naming the property and exit
 * status 78, and leaves the queue as it found it: an empty push.url against a real Redis (the demo receiver would
 * throw the pushes away), a Redis that may evict any key, the HTTP server beyond loopback without both tokens. Each
 * has a property that accepts the risk. Health and metrics are on the management port only, the routes on the
 * server port only.
 */
// side by side (failsafe's JUnit settings in pom.xml): each refused start is its own jar, Redis and ports, so nothing is shared but the cores
@Execution(ExecutionMode.CONCURRENT)
class SafeStartIT {

    private static final Pattern LEVEL = Pattern.compile("^\\S+ (WARN|ERROR|FATAL) ");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRealRedisWithoutPushUrlIsRefusedAndItsQueueIsLeftAlone() throws Exception {
        try (TestRedis redis = new TestRedis().start()) {
            List<String> keys = redis.phpProducerWrites(50, "7");

            Path log = Files.createTempFile("redis-push-no-url-", ".log");
            Process app = start(log, ports(Map.of("push.redis.url", redis.url())));

            assertRefused(app, log, "push.url", "demo receiver");
            assertThat(redis.list("push_queue")).as("the queue, untouched").hasSize(50).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(keys).allSatisfy(key -> assertThat(redis.get(key)).startsWith("message "));
            assertThat(redis.length("temp_queue")).isZero();
        }
    }

    @Test
    void aRedisThatMayEvictAnyKeyIsRefused() throws Exception {
        try (TestRedis redis = TestRedis.withSettings("maxmemory-policy allkeys-lru").start()) {
            redis.phpProducerWrites(5, "8");

            Path log = Files.createTempFile("redis-push-eviction-", ".log");
            Process app = start(log, ports(Map.of("push.redis.url", redis.url(), "push.url", "http://127.0.0.1:9/push")));

            assertRefused(app, log, "maxmemory-policy allkeys-lru", "push.redis.allow-eviction=true");
            assertThat(Files.readString(log)).contains("evict any key");
            assertThat(redis.length("push_queue")).isEqualTo(5);
            assertThat(redis.length("temp_queue")).isZero();
        }
    }

    @Test
    void allowEvictionAcceptsTheRiskWithOneWarning() throws Exception {
        WireMockServer provider = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        provider.start();
        provider.stubFor(post("/push").willReturn(ok("{\"code\":200}")));
        try (TestRedis redis = TestRedis.withSettings("maxmemory-policy allkeys-lru").start()) {
            redis.phpProducerWrites(5, "9");
            Path log = Files.createTempFile("redis-push-eviction-allowed-", ".log");
            Map<String, String> properties = ports(Map.of("push.redis.url", redis.url(),
                    "push.url", "http://127.0.0.1:" + provider.port() + "/push", "push.redis.allow-eviction", "true"));
            Process app = start(log, properties);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> provider.findAll(postRequestedFor(urlEqualTo("/push"))).size() == 5 || !app.isAlive());
                assertThat(app.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(get(properties.get("camel.management.port"), "/observe/health/ready").statusCode()).isEqualTo(200);
            } finally {
                stop(app);
            }
            List<String> warnings = Files.readAllLines(log).stream().filter(l -> LEVEL.matcher(l).find()).toList();
            assertThat(warnings).singleElement().asString().contains("WARN").contains("allkeys-lru").contains("push.redis.allow-eviction=true");
        } finally {
            provider.stop();
        }
    }

    @Test
    void aServerBeyondLoopbackWithoutBothTokensIsRefused() throws Exception {
        Path log = Files.createTempFile("redis-push-open-", ".log");
        // the intake token alone is not enough: the operations would be open
        Process app = start(log, ports(Map.of("camel.server.host", "0.0.0.0", "push.intake.token", "intake-t0ken")));

        assertRefused(app, log, "camel.server.host=0.0.0.0", "push.ops.token");
        String refusal = Files.readAllLines(log).stream().filter(l -> l.contains("ERROR")).findFirst().orElseThrow();
        assertThat(refusal).contains("push.http.trusted-network=true").doesNotContain("push.intake.token and push.ops.token are")
                .doesNotContain("intake-t0ken");
    }

    @Test
    void aTrustedNetworkOrBothTokensLetItListenBeyondLoopback() throws Exception {
        for (Map<String, String> accepted : List.of(Map.of("push.http.trusted-network", "true"),
                Map.of("push.intake.token", "intake-t0ken", "push.ops.token", "ops-t0ken"))) {
            Map<String, String> properties = new LinkedHashMap<>(accepted);
            properties.put("camel.server.host", "0.0.0.0");
            properties = ports(properties);
            Path log = Files.createTempFile("redis-push-trusted-", ".log");
            Process app = start(log, properties);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> count(log, "deliver - delivered rabbit_push_") >= 5 || !app.isAlive());
                assertThat(app.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(get(properties.get("camel.server.port"), "/dashboard").statusCode()).isEqualTo(200);
            } finally {
                stop(app);
            }
            assertThat(Files.readAllLines(log)).as(accepted.toString()).noneMatch(l -> LEVEL.matcher(l).find());
            if (accepted.containsKey("push.http.trusted-network")) {
                assertThat(Files.readString(log)).contains("accepted by push.http.trusted-network=true");
            }
        }
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortAndTheRoutesOnlyOnTheServerPort() throws Exception {
        Map<String, String> properties = ports(Map.of("camel.management.jolokia-enabled", "true"));
        String server = properties.get("camel.server.port");
        String management = properties.get("camel.management.port");
        Path log = Files.createTempFile("redis-push-ports-", ".log");
        Process app = start(log, properties);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count(log, "deliver - delivered rabbit_push_") >= 5 || !app.isAlive());
            assertThat(app.isAlive()).as(Files.readString(log)).isTrue();

            assertThat(get(management, "/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(management, "/observe/health/live").statusCode()).isEqualTo(200);
            assertThat(get(management, "/observe/metrics").body()).contains("redis_push_delivered_total");
            // jolokia-access.xml takes POST only, from this machine's origins (a GET or no Origin is refused, as a 500)
            assertThat(jolokiaVersion(management, server).statusCode()).isEqualTo(200);
            for (String path : List.of("/observe/health", "/observe/health/ready", "/observe/metrics", "/observe/jolokia")) {
                assertThat(get(server, path).statusCode()).as("server port " + path).isEqualTo(404);
            }

            assertThat(postJson(server, "/push", "{\"uid\":\"42\",\"content\":\"hi\"}").statusCode()).isBetween(200, 299);
            assertThat(get(server, "/dashboard").statusCode()).isEqualTo(200);
            assertThat(get(server, "/dead-letters").statusCode()).isEqualTo(200);
            assertThat(postJson(management, "/push", "{\"uid\":\"42\",\"content\":\"hi\"}").statusCode()).isEqualTo(404);
            for (String path : List.of("/dashboard", "/dashboard/api/overview", "/dead-letters", "/demo/push")) {
                assertThat(get(management, path).statusCode()).as("management port " + path).isEqualTo(404);
            }
        } finally {
            stop(app);
        }
    }

    @Test
    void aTakenManagementPortFailsTheStartWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path log = Files.createTempFile("redis-push-management-port-", ".log");

            Process app = start(log, Map.of("camel.server.port", Integer.toString(EmbeddedRedis.freePort()),
                    "camel.management.port", Integer.toString(taken.getLocalPort())));

            assertRefused(app, log, "camel.management.port", "127.0.0.1:" + taken.getLocalPort() + " (Address already in use)");
        }
    }

    /** Free ports for both servers, unless given. */
    private static Map<String, String> ports(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putIfAbsent("camel.server.port", Integer.toString(EmbeddedRedis.freePort()));
        all.putIfAbsent("camel.management.port", Integer.toString(EmbeddedRedis.freePort()));
        return all;
    }

    private static void assertRefused(Process app, Path log, String... named) throws Exception {
        assertThat(app.waitFor(90, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        List<String> lines = Files.readAllLines(log);
        String all = String.join("\n", lines);
        assertThat(app.exitValue()).as(all).isEqualTo(78);
        assertThat(lines).as(all).filteredOn(l -> LEVEL.matcher(l).find()).singleElement().asString().contains("ERROR").contains(named);
        assertThat(all).doesNotContain("\tat ", "Exception in thread", "Started ", "delivered rabbit_push_");
    }

    private static Process start(Path log, Map<String, String> properties) throws IOException {
        // the README's command, with the class data sharing archive
        return new ProcessBuilder(PackagedJar.command(List.of(), properties)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(Process app) throws InterruptedException {
        app.destroy();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
    }

    private HttpResponse<String> get(String port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String port, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> jolokiaVersion(String management, String server) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/observe/jolokia"))
                .header("Content-Type", "application/json").header("Origin", "http://127.0.0.1:" + server)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(Path log, String text) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
    }
}
