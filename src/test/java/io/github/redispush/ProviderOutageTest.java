package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.github.redispush.delivery.ProviderBreaker;
import io.github.redispush.faults.DeliveryLedger;
import io.github.redispush.management.PushQueueManagement;
import io.github.redispush.support.PipelineTestSupport;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The provider answers 503 to everything for longer than push.max-attempts × the lease timeout, while producers
 * keep writing. The breaker halts delivery: nothing is dead-lettered, no attempt is spent while it is open, only a
 * probe now and then reaches the provider, readiness says why, and delivery resumes at the first accepted probe,
 * not after a lease.
 */
class ProviderOutageTest extends PipelineTestSupport {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final int MAX_ATTEMPTS = 3;
    /** Longer than MAX_ATTEMPTS × LEASE: without the breaker, keys would be dead-lettered. */
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final int MINIMUM_CALLS = 5;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.lease.timeout-ms", Long.toString(LEASE.toMillis()));
        p.put("push.lease.renew-interval-ms", "1000");
        p.put("push.max-attempts", Integer.toString(MAX_ATTEMPTS));
        p.put("push.delivery.concurrency", "4");
        p.put("push.retry.initial-delay-ms", "200");
        p.put("push.breaker.window-size", "10");
        p.put("push.breaker.minimum-calls", Integer.toString(MINIMUM_CALLS));
        p.put("push.breaker.probe-interval-ms", Long.toString(PROBE_INTERVAL.toMillis()));
        return p;
    }

    @Override
    protected void stubReceiver() {
        providerDown();
    }

    @Test
    void anOutageLongerThanAllAttemptsDeadLettersNothingSpendsNoAttemptAndEndsAtTheFirstAcceptedProbe() throws Exception {
        StringWriter breakerLog = capture(ProviderBreaker.class);
        Instant outageStart = Instant.now();
        List<String> sent = new ArrayList<>(redis.phpProducerWrites(50, "before"));

        // the breaker opens after a few failures: readiness says why
        eventually().until(() -> get("/observe/health/ready").statusCode() == 503);
        String health = get("/observe/health/ready").body();
        System.out.println("READINESS while open: " + health);
        assertThat(health).contains("provider-push").contains("unavailable");
        assertThat((String) ManagementFactory.getPlatformMBeanServer().getAttribute(
                PushQueueManagement.objectName(context.getName(), "push_queue"), "DeliveryHalted")).as("JMX").contains("unavailable");
        Thread.sleep(1000); // let the pushes already on the wire at the opening come back
        Map<String, String> attemptsWhenOpened = attempts();
        int requestsWhenOpened = receiver.getAllServeEvents().size();
        assertThat(attemptsWhenOpened.values().stream().mapToInt(Integer::parseInt).sum())
                .as("attempts spent before the breaker opened").isLessThan(MINIMUM_CALLS);

        // producers keep writing all through the outage
        int batch = 0;
        while (Duration.between(outageStart, Instant.now()).compareTo(OUTAGE) < 0 && batch < 60) {
            sent.addAll(redis.phpProducerWrites(5, "during" + batch++ + "x"));
            Thread.sleep(500);
        }
        int requestsWhileOpen = receiver.getAllServeEvents().size() - requestsWhenOpened;
        Duration open = Duration.between(outageStart, Instant.now());
        assertThat(redis.list("push_dead_letter")).as("dead-lettered during the outage").isEmpty();
        assertThat(attempts()).as("no attempt spent while the breaker is open").isEqualTo(attemptsWhenOpened);
        long probeBound = open.toMillis() / PROBE_INTERVAL.toMillis() + 2;
        assertThat(requestsWhileOpen).as("requests while open: probes only").isLessThanOrEqualTo((int) probeBound);
        assertThat(get("/observe/metrics").body()).containsPattern("redis_push_provider_breaker_state\\{[^}]*breaker=\"outage\"[^}]*\\} [12]\\.0");

        Instant back = Instant.now();
        receiver.resetMappings();
        receiver.stubFor(post("/push").willReturn(ok("{\"code\":200}")));

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> allDelivered(sent));
        Instant firstAccepted = receiver.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 200)
                .map(e -> e.getRequest().getLoggedDate().toInstant()).min(Instant::compareTo).orElseThrow();
        Duration resumedAfter = Duration.between(back, firstAccepted);

        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("provider-outage", sent, "outage=" + open.toSeconds() + "s (max-attempts x lease = "
                + MAX_ATTEMPTS * LEASE.toSeconds() + "s), requests-while-open=" + requestsWhileOpen + ", resumed-after="
                + resumedAfter.toMillis() + "ms, dead-lettered=" + redis.length("push_dead_letter")));
        assertThat(ledger.lost(sent)).isZero();
        assertThat(ledger.duplicated()).isZero();
        assertThat(redis.list("push_dead_letter")).isEmpty();
        assertThat(resumedAfter).as("resumed at a probe, not after a lease").isLessThan(LEASE);
        eventually().until(() -> get("/observe/health/ready").statusCode() == 200);
        assertThat(breakerLog.toString().lines().filter(l -> l.contains("WARN"))).as("one line when it opens, one when it closes")
                .hasSize(2).anyMatch(l -> l.contains("breaker OPEN")).anyMatch(l -> l.contains("breaker CLOSED after"));
        assertThat(get("/observe/metrics").body()).containsPattern("redis_push_provider_halted_seconds_total\\{[^}]*breaker=\"outage\"[^}]*\\} [1-9]");
    }

    /** What one class logs from now on, as the console shows it. */
    private static StringWriter capture(Class<?> logger) {
        StringWriter lines = new StringWriter();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        Appender appender = WriterAppender.newBuilder().setName("capture-" + logger.getSimpleName()).setTarget(lines)
                .setLayout(PatternLayout.newBuilder().withPattern("%-5level %msg%n").build()).build();
        appender.start();
        logging.getConfiguration().addAppender(appender);
        LoggerConfig config = new LoggerConfig(logger.getName(), Level.INFO, true);
        config.addAppender(appender, Level.INFO, null);
        logging.getConfiguration().addLogger(logger.getName(), config);
        logging.updateLoggers();
        return lines;
    }

    private void providerDown() {
        receiver.stubFor(post("/push").willReturn(aResponse().withStatus(503)));
    }

    private boolean allDelivered(List<String> sent) {
        try (var jedis = redis.client()) {
            return sent.stream().allMatch(k -> redis.get(k) == null) && redis.length("push_queue") == 0
                    && redis.length("temp_queue") == 0 && jedis.zcard("temp_queue:retries") == 0;
        }
    }

    private Map<String, String> attempts() {
        try (var jedis = redis.client()) {
            return jedis.hgetAll("temp_queue:attempts");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
