package io.github.redispush.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.redispush.config.PushSettings;
import io.github.redispush.config.UidRateLimit;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisScriptingCommands;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The single-layout scripts share Redis with the PHP producers and workers, so the queues they declare must be the
 * PHP names: with default settings, every KEYS entry a script's header calls "push queue" or "temp queue" is passed
 * as push_queue or temp_queue. The keys are recorded as the store and the dead-letter operations really send them
 * (EVALSHA on the connection), for every operation that runs such a script.
 */
class SingleLayoutScriptsKeepPhpKeyNamesTest {

    private static final Pattern QUEUE_IN_HEADER = Pattern.compile("(?m)^-- KEYS\\[(\\d+)\\] (push queue|temp queue)\\b");

    @Test
    void everyPushOrTempQueueInAHeaderIsPassedAsThePhpName() throws Exception {
        try (TestRedis redis = new TestRedis().start()) {
            JedisConnectionFactory connections = RedisConnections.connectionFactory(redis.url(), TestRedis.DB, java.time.Duration.ofSeconds(2), 2);
            try {
                RecordingTemplate template = new RecordingTemplate(connections);
                runEveryScriptedOperation(template, PushSettings.from(Map.of("push.redis.url", redis.url())::get));

                Map<String, String> namesBySha = new HashMap<>();
                for (String name : LuaScriptsTest.scriptNames()) {
                    if (!name.startsWith("cluster/")) {
                        namesBySha.put(LuaScripts.named(name, Object.class).getSha1(), name);
                    }
                }
                Map<String, List<String>> keysByScript = new TreeMap<>();
                template.keysBySha.forEach((sha, keys) -> {
                    if (namesBySha.containsKey(sha)) {
                        keysByScript.put(namesBySha.get(sha), keys);
                    }
                });

                List<String> declaringQueues = new ArrayList<>();
                for (String name : namesBySha.values()) {
                    Matcher queue = QUEUE_IN_HEADER.matcher(LuaScripts.text(name));
                    while (queue.find()) {
                        declaringQueues.add(name);
                        List<String> keys = keysByScript.get(name);
                        assertThat(keys).as(name + " was run").isNotNull();
                        String expected = queue.group(2).equals("push queue") ? "push_queue" : "temp_queue";
                        assertThat(keys.get(Integer.parseInt(queue.group(1)) - 1)).as(name + " KEYS[" + queue.group(1) + "]").isEqualTo(expected);
                    }
                }
                assertThat(declaringQueues).contains("enqueue-2", "enqueueOnce-4", "claim-5", "lease-5", "acknowledge-7", "settleMissing-9",
                        "recheckMissing-8", "handBack-5", "deadLetter-8", "scheduleRetry-9", "moveDueRetries-3", "reapLeases-9",
                        "adoptLeftovers-8", "takeDeadLetter-5", "drainDeadLetters-5", "enqueueScheduled-3", "releaseScheduled-3", "deferOverUidLimit-8");
            } finally {
                connections.destroy();
            }
        }
    }

    /** Each store and dead-letter operation that runs a script naming the push or temp queue, once. */
    private static void runEveryScriptedOperation(StringRedisTemplate template, PushSettings settings) {
        PushQueueStore store = new SingleLayoutStore(template, settings, PushKey::randomNonce);
        DeadLetterOperations deadLetters = new DeadLetterOperations(template, settings);
        for (int i = 0; i < 6; i++) {
            store.enqueue(new PushMessage("1001", "message " + i));
        }
        store.enqueueOnce(new PushRequest(List.of(new PushMessage("1001", "message 6")), "order-6"));
        List<PushQueueStore.Claimed> claims = store.claim("t", 6);
        assertThat(claims).hasSize(6);
        store.acknowledge(key(claims.get(0)), claims.get(0).token());
        store.deadLetter(key(claims.get(1)), claims.get(1).token(), entryFor(claims.get(1)));
        store.deadLetter(key(claims.get(5)), claims.get(5).token(), entryFor(claims.get(5)));
        store.scheduleRetry(key(claims.get(2)), claims.get(2).token(), 0, false, entryFor(claims.get(2)));
        store.handBack(key(claims.get(3)), claims.get(3).token());
        store.settleMissing(key(claims.get(4)), claims.get(4).token());
        store.lease("rabbit_push_1001_000002", "l");
        store.takeUidSlot("rabbit_push_1001_000002", "l", "1001", new UidRateLimit(1, java.time.Duration.ofSeconds(1)));
        store.moveDueRetries();
        store.recheckMissing();
        store.reapExpiredLeases();
        store.adoptLeftovers();
        store.enqueue(new PushMessage("1002", "scheduled", SendTime.after(0)));
        store.releaseDueScheduled();
        deadLetters.requeue(key(claims.get(1)));
        deadLetters.requeueAll();
    }

    private static DeadLetterEntry entryFor(PushQueueStore.Claimed claim) {
        return new DeadLetterEntry(key(claim), "test", null, null, 1, 0, "test");
    }

    private static String key(PushQueueStore.Claimed claim) {
        return new String(claim.key(), StandardCharsets.UTF_8);
    }

    /** Records the KEYS of every EVALSHA, by script SHA-1, on the connection the template hands out. */
    private static final class RecordingTemplate extends StringRedisTemplate {

        final Map<String, List<String>> keysBySha = new ConcurrentHashMap<>();

        RecordingTemplate(RedisConnectionFactory connections) {
            super(connections);
        }

        @Override
        public <T> T execute(RedisCallback<T> action, boolean exposeConnection) {
            return super.execute(connection -> action.doInRedis(recording(connection)), exposeConnection);
        }

        private RedisConnection recording(RedisConnection connection) {
            return (RedisConnection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RedisConnection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("scriptingCommands")) {
                            RedisScriptingCommands scripting = connection.scriptingCommands();
                            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RedisScriptingCommands.class},
                                    (p, m, a) -> {
                                        record(m.getName(), a);
                                        return invoke(m, scripting, a);
                                    });
                        }
                        record(method.getName(), args);
                        return invoke(method, connection, args);
                    });
        }

        private void record(String method, Object[] args) {
            if (method.equals("evalSha") && args.length == 4) {
                String sha = args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) args[0];
                byte[][] keysAndArgs = (byte[][]) args[3];
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < (Integer) args[2]; i++) {
                    keys.add(new String(keysAndArgs[i], StandardCharsets.UTF_8));
                }
                keysBySha.put(sha, keys);
            }
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
