package io.github.redispush.support;

import java.util.List;

import io.github.redispush.redis.EmbeddedRedis;
import redis.clients.jedis.Jedis;

/** A real redis-server on a free loopback port, and a plain Jedis client to look at what the pipeline wrote. */
public final class TestRedis implements AutoCloseable {

    public static final int DB = 2;

    private final EmbeddedRedis server = new EmbeddedRedis();

    public TestRedis start() {
        server.start();
        return this;
    }

    public String url() {
        return server.url();
    }

    public void stop() {
        server.stop();
    }

    /** A new connection on db 2; close it after use. */
    public Jedis client() {
        Jedis jedis = new Jedis("127.0.0.1", server.port());
        jedis.select(DB);
        return jedis;
    }

    public void flushAll() {
        try (Jedis jedis = client()) {
            jedis.flushAll();
        }
    }

    /** Writes a message exactly as the PHP producer does: LPUSH the key first, then SET its value. */
    public void phpProducerWrites(String key, String value) {
        try (Jedis jedis = client()) {
            jedis.lpush("push_queue", key);
            jedis.set(key, value);
        }
    }

    public List<String> list(String name) {
        try (Jedis jedis = client()) {
            return jedis.lrange(name, 0, -1);
        }
    }

    public String get(String key) {
        try (Jedis jedis = client()) {
            return jedis.get(key);
        }
    }

    public long dbSize() {
        try (Jedis jedis = client()) {
            return jedis.dbSize();
        }
    }

    public String stat(String counter) {
        try (Jedis jedis = client()) {
            return jedis.hget("temp_queue:stats", counter);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
