package io.github.redispush.support;

import java.time.Duration;
import java.util.Properties;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.redispush.RedisPushApplication;
import io.github.redispush.redis.EmbeddedRedis;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Boots the application as camel-main does (the YAML routes from {@code routes/}, application.properties, the
 * package scan) against a real Redis and a real HTTP push receiver (WireMock). Timeouts and leases are shortened
 * so the tests run in seconds; queue names, key prefix and db stay the PHP defaults.
 */
public abstract class PipelineTestSupport extends CamelMainTestSupport {

    protected static TestRedis redis;
    protected static WireMockServer receiver;
    protected static int httpPort;
    /** Health, metrics and Jolokia: camel-main's management server, apart from the intake's. */
    protected static int managementPort;

    @BeforeAll
    static void startRedisAndReceiver() {
        redis = new TestRedis().start();
        receiver = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        receiver.start();
    }

    /**
     * After each test, before camel-test stops the context: the idle workers' blocking pops are released, so the stop
     * does not wait a second or two for them ({@link IdleWorkers}).
     */
    @AfterEach
    void releaseIdleWorkers() {
        IdleWorkers.release(context, this::unblockBlockingPops);
    }

    /** CLIENT UNBLOCK for the workers blocked in BRPOPLPUSH on the Redis the pipeline uses. */
    protected void unblockBlockingPops() {
        redis.unblockBlockingPops();
    }

    @AfterAll
    static void stopRedisAndReceiver() {
        receiver.stop();
        redis.stop();
    }

    @Override
    protected Class<?> getMainClass() {
        return RedisPushApplication.class;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.yaml,file:routes/providers/*.yaml");
    }

    @Override
    protected void doPreSetup() throws Exception {
        // before the routes start: each test begins with empty queues and a receiver that has seen nothing
        redis.flushAll();
        receiver.resetAll();
        stubReceiver();
    }

    /** The receiver's answers for this test; by default 200 to every push. */
    protected void stubReceiver() {
        receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/push")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok("{\"code\":200}")));
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        // each test's context binds ports found free just before: none is held unbound for a whole class while other
        // JVMs (other builds on this machine) look for free ports too
        httpPort = EmbeddedRedis.freePort();
        managementPort = EmbeddedRedis.freePort();
        context.withUseOverridePropertiesWithPropertiesComponent(properties());
    }

    protected Properties properties() {
        Properties p = new Properties();
        p.put("push.redis.url", redis.url());
        p.put("push.url", "http://127.0.0.1:" + receiver.port() + "/push");
        p.put("camel.server.port", Integer.toString(httpPort));
        p.put("camel.management.port", Integer.toString(managementPort));
        p.put("push.lease.timeout-ms", "2000");
        p.put("push.lease.renew-interval-ms", "500");
        p.put("push.redeliver.interval-ms", "200");
        p.put("push.retry.initial-delay-ms", "50");
        p.put("push.retry.max-delay-ms", "3000");
        p.put("push.breaker.probe-interval-ms", "1000");
        p.put("push.lookup.grace-checks", "10");
        p.put("push.lookup.grace-interval-ms", "50");
        // a key without a value waits for it this long before it counts as missing (5 minutes by default)
        p.put("push.lookup.missing-horizon-ms", "2000");
        p.put("camel.component.http.response-timeout", "1000");
        p.put("camel.component.http.so-timeout", "1000");
        return p;
    }

    protected static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
    }
}
