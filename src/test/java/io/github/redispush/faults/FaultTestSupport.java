package io.github.redispush.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.redispush.support.TestRedis;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fault tests: the packaged jar in separate JVMs, a real Redis that keeps its data across restarts (AOF), and a
 * real HTTP receiver whose journal tells what was delivered how often. Every loop is bounded in count and time.
 */
abstract class FaultTestSupport {

    /**
     * {@code -Dfaults.full-size=true}: the message counts behind the figures docs/reliability.md quotes. Without it each
     * case runs on fewer messages, still enough that keys are in flight at every fault, so that the suite stays short.
     */
    static final boolean FULL_SIZE = Boolean.getBoolean("faults.full-size");

    /** {@code quick}, or {@code fullSize} with -Dfaults.full-size=true. */
    static int messages(int quick, int fullSize) {
        return FULL_SIZE ? fullSize : quick;
    }

    protected TestRedis redis;
    protected WireMockServer receiver;

    @BeforeEach
    void startRedisAndReceiver() {
        redis = TestRedis.persistent().start();
        receiver = slowReceiver(receiverDelayMs());
    }

    /**
     * A started receiver that accepts every push after {@code delayMs}: a little latency, as a real provider has, so
     * that kills land while pushes are in flight.
     */
    static WireMockServer slowReceiver(int delayMs) {
        WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(64).asynchronousResponseEnabled(true));
        receiver.start();
        receiver.stubFor(post("/push").willReturn(ok("{\"code\":200}").withFixedDelay(delayMs)));
        return receiver;
    }

    @AfterEach
    void stopRedisAndReceiver() {
        receiver.stop();
        redis.stop();
    }

    protected int receiverDelayMs() {
        return 20;
    }

    /** Properties of an app instance pointed at this test's Redis and receiver, with short leases. */
    protected Map<String, String> appProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("push.redis.url", redis.url());
        p.put("push.url", "http://127.0.0.1:" + receiver.port() + "/push");
        p.put("push.lease.timeout-ms", "3000");
        p.put("push.lease.renew-interval-ms", "1000");
        p.put("push.redeliver.interval-ms", "250");
        p.put("push.retry.initial-delay-ms", "100");
        return p;
    }

    protected static ConditionFactory within(Duration limit) {
        return Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(200));
    }

    /** Everything delivered and settled: both queues and the retry schedule empty. */
    protected boolean drained() {
        try (var jedis = redis.client()) {
            return redis.length("push_queue") == 0 && redis.length("temp_queue") == 0 && jedis.zcard("temp_queue:retries") == 0;
        }
    }
}
