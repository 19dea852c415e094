package io.github.redispush.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * The baseline: the PHP worker written by hand in Java with Jedis, as the benchmark runs it in its own JVM.
 * Per message: BRPOPLPUSH, GET, split on '_', POST, DEL, LREM (the PHP design's commands plus the temp-queue
 * cleanup its second daemon would do): four Redis round trips, like the project's. No leases, no retries.
 * Arguments: redis port, push URL, threads.
 */
public final class JedisBaselineWorker {

    private JedisBaselineWorker() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        URI push = URI.create(args[1]);
        int threads = Integer.parseInt(args[2]);
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(threads + 2);
        JedisPool pool = new JedisPool(config, "127.0.0.1", port, 5000, null, 2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> work(pool, http, push), "baseline-" + i);
            worker.start();
        }
        System.out.println("baseline worker ready");
    }

    private static void work(JedisPool pool, HttpClient http, URI push) {
        try (Jedis jedis = pool.getResource()) {
            while (true) {
                String key = jedis.brpoplpush("push_queue", "temp_queue", 1);
                if (key == null) {
                    continue;
                }
                String value = jedis.get(key);
                String[] parts = key.split("_", -1);
                if (value == null || parts.length != 4) {
                    jedis.lrem("temp_queue", 1, key);
                    continue;
                }
                String body = "{\"uid\":\"" + escape(parts[2]) + "\",\"content\":\"" + escape(value) + "\",\"key\":\"" + escape(key) + "\"}";
                try {
                    HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(push).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() / 100 == 2) {
                        jedis.del(key);
                        jedis.lrem("temp_queue", 1, key);
                    }
                } catch (Exception e) {
                    // left in temp_queue, as the PHP worker would
                }
            }
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
