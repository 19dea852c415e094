package io.github.redispush.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP requests written by hand on a socket, as a browser or a script could write them: the JDK's client will not
 * send a foreign Host, a bare OPTIONS or a missing Content-Type.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** One request on its own connection, written as a browser or a script could write it. */
    public static Answer send(int port, Call call, String host, String contentType, Map<String, String> headers) throws IOException {
        byte[] body = call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(call.method() + " " + call.path() + " HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Connection: close\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        if (contentType != null) {
            request.append("Content-Type: ").append(contentType).append("\r\n");
        }
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return Answer.read(call, socket.getInputStream());
        }
    }

    public record Call(String method, String path, String body) {
        public Call withQuery(String query) {
            return new Call(method, path + (path.contains("?") ? "&" : "?") + query, body);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The status, the headers (names in lower case) and the body, de-chunked. */
    public record Answer(Call call, int status, Map<String, String> headers, String body) {

        static Answer read(Call call, InputStream in) throws IOException {
            byte[] raw = in.readAllBytes(); // Connection: close, and the socket's read timeout bounds it
            int end = indexOf(raw, 0, "\r\n\r\n");
            assertThat(end).as(call + ": an HTTP answer: " + new String(raw, StandardCharsets.UTF_8)).isPositive();
            String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunked(body);
            }
            return new Answer(call, Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] dechunked(byte[] chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int at = 0;
            for (int chunks = 0; chunks < 10_000 && at < chunked.length; chunks++) {
                int lineEnd = indexOf(chunked, at, "\r\n");
                int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                body.write(chunked, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
            return body.toByteArray();
        }

        private static int indexOf(byte[] bytes, int from, String ascii) {
            byte[] wanted = ascii.getBytes(StandardCharsets.US_ASCII);
            for (int i = from; i <= bytes.length - wanted.length; i++) {
                if (java.util.Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public String toString() {
            return call + " -> " + status + " " + headers + " " + body;
        }
    }
}
