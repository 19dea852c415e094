package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.redispush.support.IdleWorkers;
import io.github.redispush.support.RateCappedProvider;
import io.github.redispush.support.TestRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * push.rate.limit-per-second against a provider that enforces a cap (429 over it). Two pipelines on the same
 * queues stand for two instances of one deployment: the limit is shared through Redis, not per instance.
 */
class RateLimitTest {

    private TestRedis redis;
    private RateCappedProvider provider;
    private CamelContext context;

    @BeforeEach
    void startRedis() {
        redis = new TestRedis().start();
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stopAll() {
        IdleWorkers.release(context, redis::unblockBlockingPops);
        context.stop();
        provider.close();
        redis.stop();
    }

    @Test
    void twoInstancesShareOneLimitSoTheProviderRejectsNothing() throws Exception {
        provider = new RateCappedProvider(40);
        // each alone would send 30/s: together, without sharing, 60/s against a cap of 40. The margin under the cap
        // (a quarter) is for a busy machine, where a late request and the next one land in the same second
        PushPipeline.addTo(context, "instance-a", instance("/a", Map.of("push.rate.limit-per-second", "30")));
        PushPipeline.addTo(context, "instance-b", instance("/b", Map.of("push.rate.limit-per-second", "30")));
        context.start();

        redis.phpProducerWrites(150, "9");
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> provider.accepted() == 150);

        assertThat(provider.rejected()).as("pushes refused for rate").isZero();
        assertThat(provider.duplicates()).isZero();
        assertThat(provider.accepted("/a")).as("both instances delivered").isPositive();
        assertThat(provider.accepted("/b")).isPositive();
        double rate = provider.acceptedPerSecond();
        System.out.printf("RATE-LIMIT: limit 30/s shared by 2 instances, cap 40/s: %.1f accepted/s, 0 rejected%n", rate);
        assertThat(rate).as("pushes per second").isLessThanOrEqualTo(40).isGreaterThan(18);
    }

    @Test
    void aProvidersCapBelowTheLimitPausesAndRetriesWithoutSpendingAttempts() throws Exception {
        provider = new RateCappedProvider(20);
        // misconfigured: a limit above the provider's cap. With one attempt per key and no ordinary retries,
        // any 429 that spent an attempt would dead-letter its key
        PushPipeline.addTo(context, "push", instance("/push", Map.of(
                "push.rate.limit-per-second", "60",
                "push.max-attempts", "1",
                "push.retry.initial-delay-ms", "100")));
        context.start();

        redis.phpProducerWrites(80, "4");
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> provider.accepted() == 80
                && redis.length("temp_queue") == 0);

        assertThat(provider.rejected()).as("the provider did answer 429").isPositive();
        assertThat(redis.length("push_dead_letter")).as("dead-lettered").isZero();
        assertThat(provider.duplicates()).isZero();
        try (var jedis = redis.client()) {
            assertThat(jedis.hlen("temp_queue:attempts")).as("attempts spent").isZero();
        }
    }

    private Map<String, String> instance(String path, Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "push.redis.url", redis.url(),
                "push.url", provider.url(path),
                "push.delivery.concurrency", "4"));
        properties.putAll(more);
        return properties;
    }
}
