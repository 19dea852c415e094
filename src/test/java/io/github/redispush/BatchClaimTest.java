package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

/**
 * A backlog is claimed in batches (claim-5.lua: up to push.delivery.concurrency keys, their leases and values, per
 * call) and each key is still sent once: fewer Redis script calls than one claim and one acknowledgement per push.
 */
class BatchClaimTest extends PipelineTestSupport {

    private static final int N = 200;

    @Test
    void aBacklogIsClaimedInBatchesAndEachKeySentOnce() {
        List<String> keys = new ArrayList<>();
        try (var jedis = redis.client()) {
            jedis.configResetStat();
            for (int i = 0; i < N; i++) {
                String key = "rabbit_push_" + i + "_" + (100000 + i);
                jedis.set(key, "message " + i);
                keys.add(key);
            }
            // one LPUSH of all keys: the worker finds a backlog, not a trickle
            jedis.lpush("push_queue", keys.toArray(String[]::new));
        }

        eventually().until(() -> String.valueOf(N).equals(redis.stat("delivered")) && redis.list("temp_queue").isEmpty());

        Map<String, Long> sentPerKey = receiver.findAll(postRequestedFor(urlEqualTo("/push"))).stream()
                .map(request -> request.getBodyAsString().replaceAll(".*\"key\":\"([^\"]+)\".*", "$1"))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        long scriptCalls;
        try (var jedis = redis.client()) {
            scriptCalls = calls(jedis.info("commandstats"), "evalsha") + calls(jedis.info("commandstats"), "eval");
        }
        System.out.printf("BATCH-FIGURES sent=%d, delivered=%d, duplicated=%d, script calls=%d (one claim and one acknowledgement per push: %d)%n",
                N, sentPerKey.size(), sentPerKey.values().stream().mapToLong(c -> c - 1).sum(), scriptCalls, 2 * N);

        assertThat(sentPerKey.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(sentPerKey.values()).allMatch(count -> count == 1);
        assertThat(redis.list("push_queue")).isEmpty();
        assertThat(scriptCalls).as("Redis script calls for %d pushes", N).isLessThan(3L * N / 2);
    }

    /** calls=<n> of one command in INFO commandstats (cmdstat_<name>:calls=...). */
    private static long calls(String commandStats, String command) {
        for (String line : commandStats.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                return Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"));
            }
        }
        return 0;
    }
}
