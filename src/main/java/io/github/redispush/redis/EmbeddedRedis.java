package io.github.redispush.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.apache.camel.Service;
import redis.embedded.RedisServer;

/**
 * A real redis-server, started from the binary that ships inside the embedded-redis jar, on a free loopback
 * port. It is the default when no Redis is configured, so a first run needs nothing but a JDK.
 */
public final class EmbeddedRedis implements Service {

    private final int port;
    private final RedisServer server;

    public EmbeddedRedis() {
        this(freePort());
    }

    public EmbeddedRedis(int port) {
        this.port = port;
        try {
            this.server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    // a demo and test server: no snapshots written into the working directory
                    .setting("save \"\"")
                    .setting("appendonly no")
                    // Camel stops it after the routes; its own JVM hook would pull Redis from under in-flight work
                    .onShutdownForceStop(false)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded redis-server", e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded redis-server on port " + port, e);
        }
    }

    @Override
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded redis-server on port " + port, e);
        }
    }

    public boolean isActive() {
        return server.isActive();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
