package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.config.PushSettings;
import io.github.redispush.intake.InvalidPushRequestException;
import io.github.redispush.queue.IdempotencyConflictException;
import io.github.redispush.queue.PushMessage;
import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.queue.PushQueueStore.Enqueued;
import io.github.redispush.queue.PushRequest;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.PipelineTestSupport;
import io.github.redispush.support.RawHttp;
import org.apache.camel.Exchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.Jedis;

/**
 * A producer's id (the Idempotency-Key header, or a message's id) makes a retry safe: within push.intake.dedup-ttl the
 * same id with the same messages is queued once and answered with the same keys and a repeat marker; with other
 * messages it is refused (422) writing nothing; after the TTL it queues anew. Concurrent requests with one id queue
 * one message. Without ids nothing extra is written. This class runs on the single key layout;
 * {@link IdempotentIntakeClusterLayoutTest} runs it again on the cluster layout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotentIntakeTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER = "{\"uid\": \"42\", \"content\": \"your order shipped\"}";
    private final HttpClient http = HttpClient.newHttpClient();

    /** {@code single} here, {@code cluster} in the subclass. */
    protected String layout() {
        return "single";
    }

    /** Where the record of a producer's id lives in this layout. */
    protected String recordKey(String id) {
        return "temp_queue:idempotency:" + id;
    }

    @Override
    protected java.util.Properties properties() {
        java.util.Properties p = super.properties();
        p.put("push.redis.layout", layout());
        return p;
    }

    /** The queue is left as the intake wrote it: no worker takes a key or deletes a value while a test looks. */
    @BeforeEach
    void stopTheWorker() throws Exception {
        stopReliableMove();
    }

    @Test
    void aRepeatWithinTheTtlIsQueuedOnceAndAnsweredWithTheSameKeyAndTheRepeatMarker() throws Exception {
        HttpResponse<String> first = post(ORDER, Map.of("Idempotency-Key", "order-1001-shipped"));
        HttpResponse<String> again = post(ORDER, Map.of("Idempotency-Key", "order-1001-shipped"));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        List<String> keys = strings(first, "queued");
        assertThat(keys).singleElement().asString().matches("rabbit_push_42_[1-9][0-9]{5}");
        assertThat(strings(again, "queued")).isEqualTo(keys);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).hasValue("false");
        assertThat(strings(first, "replayed")).isEmpty();
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(strings(again, "replayed")).isEqualTo(keys);
        assertThat(redis.list("push_queue")).containsExactly(keys.get(0));
        assertThat(redis.get(keys.get(0))).isEqualTo("your order shipped");
        try (Jedis jedis = redis.client()) {
            JsonNode record = JSON.readTree(jedis.get(recordKey("order-1001-shipped")));
            assertThat(record.get("keys").get(0).asText()).isEqualTo(keys.get(0));
            assertThat(record.get("request").asText()).hasSize(64);
            // push.intake.dedup-ttl's default, counted from the first request
            assertThat(jedis.pttl(recordKey("order-1001-shipped"))).isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());
        }
    }

    @Test
    void theSameIdWithOtherMessagesIsRefusedWith422AndWritesNothing() throws Exception {
        post(ORDER, Map.of("Idempotency-Key", "order-1002"));
        Set<String> before = keys();

        HttpResponse<String> other = post("{\"uid\": \"42\", \"content\": \"your order was cancelled\"}", Map.of("Idempotency-Key", "order-1002"));

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(other.body()).get("error").asText())
                .contains("Idempotency-Key 'order-1002' was used within push.intake.dedup-ttl for other messages: nothing queued");
        assertThat(keys()).isEqualTo(before);
        assertThat(redis.length("push_queue")).isEqualTo(1);
    }

    @Test
    void aBatchUnderOneHeaderIsOneRequestAndEachMessageIdIsItsOwn() throws Exception {
        String batch = "[{\"uid\":\"1\",\"content\":\"a\"},{\"uid\":\"2\",\"content\":\"b\"}]";
        List<String> whole = strings(post(batch, Map.of("Idempotency-Key", "batch-7")), "queued");
        HttpResponse<String> wholeAgain = post(batch, Map.of("Idempotency-Key", "batch-7"));
        assertThat(strings(wholeAgain, "queued")).isEqualTo(whole);
        assertThat(wholeAgain.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        // the same messages in another order are another request
        assertThat(post("[{\"uid\":\"2\",\"content\":\"b\"},{\"uid\":\"1\",\"content\":\"a\"}]", Map.of("Idempotency-Key", "batch-7")).statusCode())
                .isEqualTo(422);

        HttpResponse<String> firstTwo = post("[{\"uid\":\"3\",\"content\":\"c\",\"id\":\"m-3\"},{\"uid\":\"4\",\"content\":\"d\",\"id\":\"m-4\"}]", Map.of());
        HttpResponse<String> threeWithOneNew = post("[{\"uid\":\"3\",\"content\":\"c\",\"id\":\"m-3\"},{\"uid\":\"5\",\"content\":\"e\",\"id\":\"m-5\"},"
                + "{\"uid\":\"4\",\"content\":\"d\",\"id\":\"m-4\"},{\"uid\":\"6\",\"content\":\"no id\"}]", Map.of());

        List<String> two = strings(firstTwo, "queued");
        List<String> four = strings(threeWithOneNew, "queued");
        assertThat(threeWithOneNew.statusCode()).isEqualTo(202);
        assertThat(four).hasSize(4);
        assertThat(four.get(0)).isEqualTo(two.get(0));
        assertThat(four.get(2)).isEqualTo(two.get(1));
        assertThat(four.get(1)).startsWith("rabbit_push_5_");
        assertThat(four.get(3)).startsWith("rabbit_push_6_");
        assertThat(strings(threeWithOneNew, "replayed")).containsExactly(two.get(0), two.get(1));
        assertThat(threeWithOneNew.headers().firstValue("Idempotent-Replayed")).as("it queued something new").hasValue("false");
        // two of the header batch, two of the first id batch, two new of the second
        assertThat(redis.length("push_queue")).isEqualTo(6);
        assertThat(redis.list("push_queue").subList(0, 2)).containsExactly(four.get(3), four.get(1));
    }

    @Test
    void concurrentRequestsWithOneIdQueueOneMessage() throws Exception {
        int rounds = 5;
        int clients = 12;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int round = 0; round < rounds; round++) {
                String id = "concurrent-" + round;
                CyclicBarrier start = new CyclicBarrier(clients);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    answers.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return post(ORDER, Map.of("Idempotency-Key", id));
                    }));
                }
                Set<List<String>> keys = new HashSet<>();
                int fresh = 0;
                for (Future<HttpResponse<String>> answer : answers) {
                    HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                    keys.add(strings(response, "queued"));
                    fresh += response.headers().firstValue("Idempotent-Replayed").orElseThrow().equals("false") ? 1 : 0;
                }
                assertThat(keys).as("round " + round + ": one key for every client").hasSize(1);
                assertThat(fresh).as("round " + round + ": one answer queued it").isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(redis.length("push_queue")).isEqualTo(rounds);
        assertThat(keys().stream().filter(key -> key.startsWith("rabbit_push_"))).as("no value left of a request that lost the race")
                .hasSize(rounds);
    }

    /** The store itself, many connections at once on one id: only the scripts keep it to one message. */
    @Test
    void concurrentEnqueuesOfOneIdOnTheStoreQueueOneMessage() throws Exception {
        int threads = 16;
        try (StoreOnThisRedis store = new StoreOnThisRedis("24h", threads)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 10; round++) {
                    PushRequest request = new PushRequest(List.of(new PushMessage("7", "once"), new PushMessage("8", "twice?")), "store-" + round);
                    CyclicBarrier start = new CyclicBarrier(threads);
                    List<Future<Enqueued>> results = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        results.add(pool.submit(() -> {
                            start.await(10, TimeUnit.SECONDS);
                            return store.store.enqueueOnce(request);
                        }));
                    }
                    Set<List<String>> keys = new HashSet<>();
                    int fresh = 0;
                    for (Future<Enqueued> result : results) {
                        Enqueued enqueued = result.get(30, TimeUnit.SECONDS);
                        keys.add(enqueued.keys());
                        fresh += enqueued.replayed().isEmpty() ? 1 : 0;
                    }
                    assertThat(keys).hasSize(1);
                    assertThat(fresh).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(redis.length("push_queue")).isEqualTo(20);
        assertThat(keys().stream().filter(key -> key.startsWith("rabbit_push_"))).hasSize(20);
    }

    /** A producer retrying a scheduled push after a timeout: the repeat finds the push in the schedule, not twice. */
    @Test
    void aScheduledPushWithAnIdIsScheduledOnceAndItsSendTimeIsPartOfTheRequest() throws Exception {
        String later = "{\"uid\": \"42\", \"content\": \"your order ships tomorrow\", \"delayMs\": 600000}";
        HttpResponse<String> first = post(later, Map.of("Idempotency-Key", "order-1003-reminder"));
        HttpResponse<String> again = post(later, Map.of("Idempotency-Key", "order-1003-reminder"));
        long inTenDays = System.currentTimeMillis() + Duration.ofDays(10).toMillis();
        HttpResponse<String> perMessageId = post("[{\"uid\": \"43\", \"content\": \"a\", \"sendAt\": " + inTenDays + ", \"id\": \"m-9\"},"
                + "{\"uid\": \"44\", \"content\": \"b\", \"id\": \"m-10\"}]", Map.of());

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        List<String> key = strings(first, "queued");
        assertThat(strings(again, "queued")).isEqualTo(key);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        List<String> pair = strings(perMessageId, "queued");
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.zrange(schedule(), 0, -1)).as("scheduled once each, the due one queued").containsExactlyInAnyOrder(key.get(0), pair.get(0));
            assertThat(jedis.zscore(schedule(), pair.get(0))).isEqualTo((double) inTenDays);
            assertThat(jedis.exists(recordKey("order-1003-reminder"))).isTrue();
            assertThat(jedis.exists(recordKey("m-9"))).isTrue();
        }
        assertThat(redis.list("push_queue")).containsExactly(pair.get(1));
        assertThat(redis.get(key.get(0))).isEqualTo("your order ships tomorrow");

        // the same id with another send time is another request
        HttpResponse<String> moved = post(later.replace("600000", "700000"), Map.of("Idempotency-Key", "order-1003-reminder"));
        assertThat(moved.statusCode()).isEqualTo(422);
        // a bad send time under an id writes nothing, its id included
        HttpResponse<String> bad = post("{\"uid\": \"45\", \"content\": \"c\", \"sendAt\": \"soon\", \"id\": \"m-11\"}", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.exists(recordKey("m-11"))).isFalse();
            assertThat(jedis.zcard(schedule())).isEqualTo(2);
        }
    }

    /** Where the scheduled pushes wait in this layout. */
    protected String schedule() {
        return "temp_queue:scheduled";
    }

    @Test
    void afterTheTtlTheSameIdQueuesANewKey() {
        try (StoreOnThisRedis store = new StoreOnThisRedis("300ms", 2)) {
            PushRequest request = new PushRequest(List.of(new PushMessage("9", "daily digest")), "digest-2026-12-05");
            Enqueued first = store.store.enqueueOnce(request);
            assertThat(store.store.enqueueOnce(request).keys()).isEqualTo(first.keys());

            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !exists(recordKey("digest-2026-12-05")));
            Enqueued later = store.store.enqueueOnce(request);

            assertThat(later.replayed()).isEmpty();
            assertThat(later.keys()).singleElement().isNotEqualTo(first.keys().get(0));
            assertThat(redis.length("push_queue")).isEqualTo(2);
        }
    }

    @Test
    void withoutAnIdNothingBeyondTheValueAndTheQueueIsWrittenAndTheAnswerIsUnchanged() throws Exception {
        Set<String> before = keys();

        HttpResponse<String> response = post(ORDER, Map.of());

        String key = strings(response, "queued").get(0);
        assertThat(response.body()).isEqualTo("{\"queued\":[\"" + key + "\"]}");
        assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
        Set<String> written = keys();
        written.removeAll(before);
        assertThat(written).containsExactlyInAnyOrder("push_queue", key);
    }

    @Test
    void aQueryParameterIsNotAnIdempotencyKey() throws Exception {
        URI withQuery = URI.create(intakeUri() + "?Idempotency-Key=from-the-query");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(withQuery).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ORDER)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
        }
        assertThat(redis.length("push_queue")).isEqualTo(2);
        assertThat(exists(recordKey("from-the-query"))).isFalse();

        // nor does a refusal carry the answer's header because a query parameter named it
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(intakeUri() + "?Idempotent-Replayed=true"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Idempotent-Replayed")).isEmpty();
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/dead-letters?Idempotent-Replayed=true")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        assertThat(elsewhere.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> 400 ''{3}''")
    @CsvSource(delimiter = '|', value = {
            "empty header          | ''                           | {\"uid\":\"1\",\"content\":\"x\"}                  | Idempotency-Key is empty",
            "blank header          | '   '                        | {\"uid\":\"1\",\"content\":\"x\"}                  | Idempotency-Key is empty",
            "header and ids        | k                            | {\"uid\":\"1\",\"content\":\"x\",\"id\":\"m\"}     | not both",
            "empty id              | -                            | {\"uid\":\"1\",\"content\":\"x\",\"id\":\"\"}      | id is empty",
            "number id             | -                            | {\"uid\":\"1\",\"content\":\"x\",\"id\":5}         | id must be a string",
            "null id               | -                            | {\"uid\":\"1\",\"content\":\"x\",\"id\":null}      | id must be a string",
            "object id             | -                            | {\"uid\":\"1\",\"content\":\"x\",\"id\":{}}        | id must be a string",
            "control character     | -                            | {\"uid\":\"1\",\"content\":\"x\",\"id\":\"a\\u0007b\"} | id must not contain control characters",
            "newline               | -                            | {\"uid\":\"1\",\"content\":\"x\",\"id\":\"a\\nb\"} | id must not contain control characters",
            "one id twice          | -                            | [{\"uid\":\"1\",\"content\":\"x\",\"id\":\"m\"},{\"uid\":\"2\",\"content\":\"y\",\"id\":\"m\"}] | message 1: id 'm' is already the id of message 0",
    })
    void aBadIdIsRefusedWithAReasonAndWritesNothing(String description, String header, String body, String reason) throws Exception {
        HttpResponse<String> response = post(body, header.equals("-") ? Map.of() : Map.of("Idempotency-Key", header));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains(reason);
        assertThat(redis.dbSize()).isZero();
    }

    @Test
    void anIdOverTheLengthLimitIsRefused() throws Exception {
        String limit = "k".repeat(255);
        assertThat(post(ORDER, Map.of("Idempotency-Key", limit)).statusCode()).isEqualTo(202);
        redis.flushAll();

        HttpResponse<String> tooLong = post(ORDER, Map.of("Idempotency-Key", limit + "k"));
        HttpResponse<String> tooLongInBody = post("{\"uid\":\"1\",\"content\":\"x\",\"id\":\"" + "é".repeat(128) + "\"}", Map.of());

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).get("error").asText()).isEqualTo("Idempotency-Key is 256 bytes, over the limit of 255");
        assertThat(tooLongInBody.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLongInBody.body()).get("error").asText()).isEqualTo("id is 256 bytes, over the limit of 255");
        assertThat(redis.dbSize()).isZero();
    }

    @Test
    void aKeySentTwiceIsRefused() throws Exception {
        // the JDK's client sends one value per name; a header folded in by hand sends two
        RawHttp.Answer answer = RawHttp.send(httpPort, new RawHttp.Call("POST", "/push", ORDER), "127.0.0.1:" + httpPort,
                "application/json", Map.of("Idempotency-Key", "a\r\nIdempotency-Key: b"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("Idempotency-Key is sent 2 times");
        assertThat(redis.dbSize()).isZero();
    }

    @Test
    void javaCallersOfTheDirectEndpointUseTheHeaderOrTheIdField() throws Exception {
        Exchange first = template.request("direct:intake", e -> {
            e.getIn().setBody(ORDER);
            e.getIn().setHeader("Idempotency-Key", "java-1");
        });
        Exchange again = template.request("direct:intake", e -> {
            e.getIn().setBody(ORDER);
            e.getIn().setHeader("Idempotency-Key", "java-1");
        });
        String byField = template.requestBody("direct:intake", "{\"uid\":\"3\",\"content\":\"x\",\"id\":\"java-2\"}", String.class);
        Exchange byFieldAgain = template.request("direct:intake", e -> e.getIn().setBody("{\"uid\":\"3\",\"content\":\"x\",\"id\":\"java-2\"}"));

        assertThat(first.getException()).isNull();
        assertThat(first.getMessage().getHeader("Idempotent-Replayed")).isEqualTo(false);
        assertThat(again.getMessage().getHeader("Idempotent-Replayed")).isEqualTo(true);
        JsonNode queued = JSON.readTree(first.getMessage().getBody(String.class)).get("queued");
        assertThat(JSON.readTree(again.getMessage().getBody(String.class)))
                .isEqualTo(JSON.createObjectNode().setAll(Map.of("queued", queued, "replayed", queued)));
        assertThat(byFieldAgain.getMessage().getHeader("Idempotent-Replayed")).isEqualTo(true);
        assertThat(JSON.readTree(byFieldAgain.getMessage().getBody(String.class)).get("queued"))
                .isEqualTo(JSON.readTree(byField).get("queued"));
        assertThat(redis.length("push_queue")).isEqualTo(2);

        Throwable conflict = catchThrowable(() -> template.requestBodyAndHeader("direct:intake", "{\"uid\":\"42\",\"content\":\"other\"}",
                "Idempotency-Key", "java-1", String.class));
        assertThat(conflict).hasRootCauseInstanceOf(IdempotencyConflictException.class);
        Throwable bad = catchThrowable(() -> template.requestBodyAndHeader("direct:intake", ORDER, "Idempotency-Key", "", String.class));
        assertThat(bad).hasRootCauseInstanceOf(InvalidPushRequestException.class);
        assertThat(redis.length("push_queue")).isEqualTo(2);
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(intakeUri()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI intakeUri() {
        return URI.create("http://127.0.0.1:" + httpPort + "/push");
    }

    private static List<String> strings(HttpResponse<String> response, String field) throws Exception {
        JsonNode values = JSON.readTree(response.body()).get(field);
        assertThat(values).as(field + " in " + response.body()).isNotNull();
        return JSON.convertValue(values, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static Set<String> keys() {
        try (Jedis jedis = redis.client()) {
            return new HashSet<>(jedis.keys("*"));
        }
    }

    private static boolean exists(String key) {
        try (Jedis jedis = redis.client()) {
            return jedis.exists(key);
        }
    }

    /** A store of this class's layout on the test Redis, with its own connections and push.intake.dedup-ttl. */
    private final class StoreOnThisRedis implements AutoCloseable {
        final JedisConnectionFactory connections;
        final PushQueueStore store;

        StoreOnThisRedis(String dedupTtl, int connectionCount) {
            connections = RedisConnections.connectionFactory(redis.url(), io.github.redispush.support.TestRedis.DB, Duration.ofSeconds(5),
                    connectionCount);
            store = PushQueueStore.of(RedisConnections.template(connections), PushSettings.from(Map.of("push.redis.url", redis.url(),
                    "push.redis.layout", layout(), "push.intake.dedup-ttl", dedupTtl)::get));
        }

        @Override
        public void close() {
            connections.destroy();
        }
    }
}
