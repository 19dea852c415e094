package io.github.redispush.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One RongCloud host, as far as the push pipeline can tell: a real HTTP server on loopback that checks RongCloud's
 * signature the way RongCloud does (App-Key, Nonce, Timestamp in seconds, Signature = hex SHA1 of secret + nonce +
 * timestamp) and answers a wrong one with 401 and code 1004. Otherwise it answers what the test scripts (by default
 * 200 and {@code {"code":200}}), always with the code in the body and its HTTP status. It records every request as
 * it arrived, and counts the messages it accepted, so duplicates show.
 */
public final class FakeRongCloud implements AutoCloseable {

    /** What the host answers: an HTTP status, and the body's code and errorMessage. */
    public record Answer(int status, int code, String errorMessage) {
        public static final Answer OK = new Answer(200, 200, null);

        /** Not RongCloud's JSON at all: a proxy's error page. */
        public static Answer page(int status) {
            return new Answer(status, -1, null);
        }

        String json() {
            if (code < 0) {
                return "<html><body>Bad Gateway</body></html>";
            }
            return errorMessage == null ? "{\"code\":" + code + "}"
                    : "{\"code\":" + code + ",\"errorMessage\":\"" + errorMessage.replace("\"", "'") + "\"}";
        }
    }

    /** A request as it arrived: method, path and query, headers (names lower-cased), the raw body. */
    public record Received(String method, String path, String query, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The form fields in their order, decoded as a form (UTF-8, '+' a space); a repeated field keeps its last value. */
        public Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : bodyText().split("&")) {
                int eq = pair.indexOf('=');
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return fields;
        }

        /** Who the message was for and what it said, whichever profile sent it. */
        String message() {
            try {
                if (path.equals("/push/user.json")) {
                    JsonNode json = JSON.readTree(body);
                    return json.path("userIds").get(0).asText() + "|" + json.path("notification").path("pushContent").asText();
                }
                Map<String, String> form = form();
                return form.get("toUserId") + "|" + JSON.readTree(form.get("content")).path("content").asText();
            } catch (IOException e) {
                return bodyText();
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String appKey;
    private volatile String secret;
    private final HttpServer server;
    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger signatureRejections = new AtomicInteger();
    private final Map<Integer, AtomicInteger> answeredCodes = new ConcurrentHashMap<>();
    private volatile Function<Received, Answer> answers = request -> Answer.OK;
    private volatile boolean stopped;

    public FakeRongCloud(String appKey, String secret) throws IOException {
        this.appKey = appKey;
        this.secret = secret;
        // without it the JDK server waits out delayed ACKs, 40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Scheme, host and port, as push.url lists a RongCloud host. */
    public String host() {
        return "http://127.0.0.1:" + port;
    }

    /** Every later request is answered by this script (after the signature check). */
    public FakeRongCloud answering(Function<Received, Answer> script) {
        this.answers = script;
        return this;
    }

    /** The app secret it checks signatures with from now on (an operator fixing the app's secret at RongCloud). */
    public void acceptSecret(String secret) {
        this.secret = secret;
    }

    /** Stops listening: connections to its port are refused from now on. */
    public void refuseConnections() {
        stopped = true;
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    public List<Received> received() {
        return Collections.unmodifiableList(received);
    }

    /** Messages accepted (answered 200/200), each "uid|text" once however often it was accepted. */
    public int acceptedMessages() {
        return accepted.size();
    }

    /** Messages accepted more than once. */
    public long duplicates() {
        return accepted.values().stream().filter(n -> n.get() > 1).count();
    }

    /** How many answers carried this code. */
    public int answered(int code) {
        AtomicInteger n = answeredCodes.get(code);
        return n == null ? 0 : n.get();
    }

    public int signatureRejections() {
        return signatureRejections.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
        received.add(request);

        Answer answer;
        if (!signed(headers)) {
            signatureRejections.incrementAndGet();
            answer = new Answer(401, 1004, "signature error");
        } else {
            answer = answers.apply(request);
            if (answer.status() == 200 && answer.code() == 200) {
                accepted.computeIfAbsent(request.message(), m -> new AtomicInteger()).incrementAndGet();
            }
        }
        answeredCodes.computeIfAbsent(answer.code(), c -> new AtomicInteger()).incrementAndGet();
        byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(answer.status(), json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    /** RongCloud's check: our app key, a nonce of at most 18 characters, a timestamp in seconds near now, the SHA1. */
    private boolean signed(Map<String, String> headers) {
        String nonce = headers.get("nonce");
        String timestamp = headers.get("timestamp");
        if (!appKey.equals(headers.get("app-key")) || nonce == null || nonce.isEmpty() || nonce.length() > 18
                || timestamp == null || !timestamp.matches("\\d{1,10}")
                || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        return sha1Hex(secret + nonce + timestamp).equals(headers.get("signature"));
    }

    public static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (!stopped) {
            refuseConnections();
        }
    }
}
