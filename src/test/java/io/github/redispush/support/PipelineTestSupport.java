package io.github.redispush.support;

import java.time.Duration;
import java.util.Properties;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.redispush.RedisPushApplication;
import io.github.redispush.redis.EmbeddedRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelContextManager;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Boots the application as camel-main does (the YAML routes from {@code routes/}, application.properties, the
 * package scan) against a real Redis and a real HTTP push receiver (WireMock). Timeouts and leases are shortened
 * so the tests run in seconds; queue names, key prefix and db stay the PHP defaults.
 * <p>
 * By default each test method boots its own context (about 1.3 s). A class annotated
 * {@code @TestInstance(Lifecycle.PER_CLASS)} boots one for all its methods: between them Redis is flushed, the
 * receiver reset and every route a test stopped started again, so such a class must not depend on in-memory state a
 * test leaves behind (breaker, limiter, counters). Most of the suite's time was these boots.
 */
public abstract class PipelineTestSupport extends CamelMainTestSupport {

    protected static TestRedis redis;
    protected static WireMockServer receiver;
    protected static int httpPort;
    /** Health, metrics and Jolokia: camel-main's management server, apart from the intake's. */
    protected static int managementPort;
    /** The context of a PER_CLASS test class and camel-test's manager of it, closed once its last method ran. */
    private static CamelContext sharedContext;
    private static CamelContextManager sharedContextManager;
    private static Runnable sharedContextUnblock;
    private static java.util.List<String> routesStartedAtBoot;

    /** Also called when a PER_CLASS instance is made, which comes before the class's {@code @BeforeAll}. */
    @BeforeAll
    static void startRedisAndReceiver() {
        if (redis != null) {
            return;
        }
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
        if (!sharesContextAcrossMethods()) {
            IdleWorkers.release(context, this::unblockBlockingPops);
        }
    }

    /**
     * Stops the worker (route reliable-move) so a test sees the queue as the intake wrote it. Its blocking pop is
     * released first: a stop that found it blocked waited up to push.move.block-seconds and a second for it.
     */
    protected void stopReliableMove() throws Exception {
        IdleWorkers.release(context, this::unblockBlockingPops);
        context.getRouteController().stopRoute("reliable-move");
    }

    /** CLIENT UNBLOCK for the workers blocked in BRPOPLPUSH on the Redis the pipeline uses. */
    protected void unblockBlockingPops() {
        redis.unblockBlockingPops();
    }

    @AfterAll
    static void stopRedisAndReceiver() {
        stopSharedContext();
        receiver.stop();
        redis.stop();
        redis = null;
    }

    /**
     * Closes a PER_CLASS class's context before its servers go. camel-test 4.17 calls its per-class manager's close()
     * nowhere: the context would run on, and the manager's per-thread count of tests would make the next PER_CLASS
     * class in this JVM reuse the stopped context instead of booting its own.
     */
    protected static void stopSharedContext() {
        if (sharedContextManager != null) {
            IdleWorkers.release(sharedContext, sharedContextUnblock);
            sharedContextManager.close();
            sharedContextManager = null;
            sharedContext = null;
        }
    }

    private boolean sharesContextAcrossMethods() {
        TestInstance lifecycle = getClass().getAnnotation(TestInstance.class);
        return lifecycle != null && lifecycle.value() == TestInstance.Lifecycle.PER_CLASS;
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        if (sharesContextAcrossMethods()) {
            // camel-test 4.17 picks its per-class manager from the lifecycle but reads this flag, which only a protected
            // setter writes; without it that manager would boot a new context per method and stop none
            try {
                var perClass = TestExecutionConfiguration.class.getDeclaredMethod("withCreateCamelContextPerClass", boolean.class);
                perClass.setAccessible(true);
                perClass.invoke(configuration, true);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("camel-test's per-class switch moved", e);
            }
        }
    }

    @Override
    protected void doPostSetup() throws Exception {
        super.doPostSetup();
        if (!sharesContextAcrossMethods()) {
            return;
        }
        if (sharedContext != context) {
            sharedContext = context;
            sharedContextManager = contextManagerExtension.getContextManager();
            sharedContextUnblock = this::unblockBlockingPops;
            routesStartedAtBoot = context.getRoutes().stream().map(Route::getRouteId)
                    .filter(id -> context.getRouteController().getRouteStatus(id).isStarted()).toList();
        }
        if (!context.getStatus().isStarted()) {
            throw new IllegalStateException(getClass().getSimpleName() + " stops its context in a test: it cannot be PER_CLASS");
        }
        // what an earlier method stopped or suspended runs again; routes that do not start at boot stay as they are
        for (String id : routesStartedAtBoot) {
            ServiceStatus status = context.getRouteController().getRouteStatus(id);
            if (status.isSuspended()) {
                context.getRouteController().resumeRoute(id);
            } else if (status.isStopped()) {
                context.getRouteController().startRoute(id);
            }
        }
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
        startServers();
        // each test's context binds ports found free just before: none is held unbound for a whole class while other
        // JVMs (other builds on this machine) look for free ports too
        httpPort = EmbeddedRedis.freePort();
        managementPort = EmbeddedRedis.freePort();
        context.withUseOverridePropertiesWithPropertiesComponent(properties());
    }

    /** The servers {@link #properties()} names: with PER_CLASS, camel-test asks for them before any {@code @BeforeAll}. */
    protected void startServers() {
        startRedisAndReceiver();
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
