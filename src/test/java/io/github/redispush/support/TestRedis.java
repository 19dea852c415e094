package io.github.redispush.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.redispush.redis.EmbeddedRedis;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/** A real redis-server on a free loopback port, and a plain Jedis client to look at what the pipeline wrote. */
public final class TestRedis implements AutoCloseable {

    public static final int DB = 2;

    private final Path dataDir;
    private final List<String> settings;
    private int port = EmbeddedRedis.freePort();
    private RedisServer server;
    private boolean started;
    private String clientUser;
    private String clientPassword;

    /** A throwaway server: nothing written to disk. */
    public TestRedis() {
        this(null, List.of());
    }

    private TestRedis(Path dataDir, List<String> settings) {
        this.dataDir = dataDir;
        this.settings = settings;
        server = build();
    }

    private RedisServer build() {
        try {
            var builder = RedisServer.newRedisServer().bind("127.0.0.1").port(port).onShutdownForceStop(true);
            if (dataDir == null) {
                builder.setting("save \"\"").setting("appendonly no");
            } else {
                builder.setting("dir " + dataDir).setting("appendonly yes").setting("appendfsync always");
            }
            settings.forEach(builder::setting);
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server that keeps every write in an append-only file, so a restart finds the same data. */
    public static TestRedis persistent() {
        try {
            return new TestRedis(Files.createTempDirectory("redis-push-aof"), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server that wants a password (requirepass); the test's own client uses it. */
    public static TestRedis withPassword(String password) {
        TestRedis redis = new TestRedis(null, List.of("requirepass " + password));
        redis.clientPassword = password;
        return redis;
    }

    /** A throwaway server started with these redis.conf lines, e.g. {@code maxmemory-policy allkeys-lru}. */
    public static TestRedis withSettings(String... settings) {
        return new TestRedis(null, List.of(settings));
    }

    /** A server with a Redis 6 ACL user and the default user switched off. */
    public static TestRedis withAclUser(String user, String password) {
        TestRedis redis = new TestRedis(null, List.of("user " + user + " on >" + password + " ~* &* +@all", "user default off"));
        redis.clientUser = user;
        redis.clientPassword = password;
        return redis;
    }

    /** A server that also listens with TLS on tlsPort, with the given PEM certificate and key. */
    public static TestRedis withTls(int tlsPort, Path certificatePem, Path keyPem) {
        return new TestRedis(null, List.of("tls-port " + tlsPort, "tls-cert-file " + certificatePem, "tls-key-file " + keyPem,
                "tls-ca-cert-file " + certificatePem, "tls-auth-clients no"));
    }

    public int port() {
        return port;
    }

    /**
     * Starts the server. A port found free can be taken by another process (other builds share this machine) before
     * redis-server binds it: then the server is started again on another free port, up to twice. Not on a restart,
     * whose port the pipeline already knows.
     */
    public TestRedis start() {
        for (int attempt = 1; ; attempt++) {
            try {
                server.start();
                started = true;
                return this;
            } catch (IOException e) {
                if (started || attempt == 3) {
                    throw new UncheckedIOException(e);
                }
                port = EmbeddedRedis.freePort();
                server = build();
            }
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new connection on db 2; close it after use. */
    public Jedis client() {
        Jedis jedis = new Jedis("127.0.0.1", port);
        if (clientUser != null) {
            jedis.auth(clientUser, clientPassword);
        } else if (clientPassword != null) {
            jedis.auth(clientPassword);
        }
        jedis.select(DB);
        return jedis;
    }

    public void flushAll() {
        try (Jedis jedis = client()) {
            jedis.flushAll();
        }
    }

    /** Releases the workers blocked in BRPOPLPUSH on this server ({@link IdleWorkers}). */
    public void unblockBlockingPops() {
        try (Jedis jedis = client()) {
            IdleWorkers.unblockBlockingPops(jedis);
        }
    }

    /** Writes a message exactly as the PHP producer does: LPUSH the key first, then SET its value. */
    public void phpProducerWrites(String key, String value) {
        try (Jedis jedis = client()) {
            jedis.lpush("push_queue", key);
            jedis.set(key, value);
        }
    }

    /** Writes n messages the PHP way, pipelined; returns their keys. */
    public List<String> phpProducerWrites(int n, String uidPrefix) {
        List<String> keys = new java.util.ArrayList<>(n);
        try (Jedis jedis = client()) {
            var pipeline = jedis.pipelined();
            for (int i = 0; i < n; i++) {
                String key = "rabbit_push_" + uidPrefix + i + "_" + (100000 + i % 900000);
                pipeline.lpush("push_queue", key);
                pipeline.set(key, "message " + i);
                keys.add(key);
            }
            pipeline.sync();
        }
        return keys;
    }

    public long length(String list) {
        try (Jedis jedis = client()) {
            return jedis.llen(list);
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
