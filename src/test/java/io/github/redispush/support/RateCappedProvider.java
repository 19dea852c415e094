package io.github.redispush.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A push provider that enforces a rate cap as RongCloud does: over {@code cap} accepted pushes in any sliding
 * second it answers 429 with {@code Retry-After: 1}. Counts accepted pushes per path and per body, and the
 * rejections. (WireMock has no rate limits; this is a real HTTP server on loopback.)
 */
public final class RateCappedProvider implements AutoCloseable {

    private final int cap;
    private final HttpServer server;
    private final Deque<Long> acceptedInLastSecond = new ArrayDeque<>();
    private final Map<String, AtomicInteger> acceptedByPath = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> acceptedByBody = new ConcurrentHashMap<>();
    private final AtomicInteger rejected = new AtomicInteger();
    private volatile long firstAcceptedAt;
    private volatile long lastAcceptedAt;

    public RateCappedProvider(int cap) throws IOException {
        this.cap = cap;
        // without it the JDK server waits out delayed ACKs, 40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (admit()) {
            acceptedByPath.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
            acceptedByBody.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
        } else {
            rejected.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(429, -1);
        }
        exchange.close();
    }

    private synchronized boolean admit() {
        long now = System.nanoTime();
        while (!acceptedInLastSecond.isEmpty() && now - acceptedInLastSecond.peekFirst() >= 1_000_000_000L) {
            acceptedInLastSecond.removeFirst();
        }
        if (acceptedInLastSecond.size() >= cap) {
            return false;
        }
        acceptedInLastSecond.addLast(now);
        if (firstAcceptedAt == 0) {
            firstAcceptedAt = now;
        }
        lastAcceptedAt = now;
        return true;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int accepted() {
        return acceptedByPath.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int accepted(String path) {
        AtomicInteger n = acceptedByPath.get(path);
        return n == null ? 0 : n.get();
    }

    /** Bodies accepted more than once: duplicate pushes. */
    public long duplicates() {
        return acceptedByBody.values().stream().filter(n -> n.get() > 1).count();
    }

    public int rejected() {
        return rejected.get();
    }

    /** Accepted pushes per second, from the first accepted to the last. */
    public double acceptedPerSecond() {
        double seconds = (lastAcceptedAt - firstAcceptedAt) / 1e9;
        return seconds <= 0 ? 0 : (accepted() - 1) / seconds;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
