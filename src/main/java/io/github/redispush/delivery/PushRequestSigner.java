package io.github.redispush.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Exchange;

/**
 * Adds the push provider's authentication to a request the deliver route is about to send, as chosen by
 * {@code push.auth.profile}. Secrets come from properties (or the environment), never from the routes, and are
 * never logged.
 */
public interface PushRequestSigner {

    void sign(Exchange exchange);

    /** The signer for a profile name: none, bearer, hmac-sha256 or rongcloud. */
    static PushRequestSigner forProfile(String profile, String appKey, String secret, String signatureHeader) {
        return switch (profile == null ? "none" : profile.trim().toLowerCase()) {
            case "", "none" -> exchange -> { };
            case "bearer" -> new BearerToken(requireSecret(profile, secret));
            case "hmac-sha256" -> new HmacSha256(requireSecret(profile, secret), signatureHeader);
            case "rongcloud" -> new RongCloud(requireText("push.auth.app-key", appKey), requireSecret(profile, secret));
            default -> throw new IllegalArgumentException("push.auth.profile must be none, bearer, hmac-sha256 or rongcloud, got '" + profile + "'");
        };
    }

    private static String requireSecret(String profile, String secret) {
        return requireText("push.auth.secret (needed by push.auth.profile=" + profile + ")", secret);
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
        return value;
    }

    /** {@code Authorization: Bearer <push.auth.secret>}. */
    record BearerToken(String token) implements PushRequestSigner {
        @Override
        public void sign(Exchange exchange) {
            exchange.getMessage().setHeader("Authorization", "Bearer " + token);
        }

        @Override
        public String toString() {
            return "BearerToken[***]";
        }
    }

    /** A header (default {@code X-Push-Signature}) with {@code sha256=<hex HMAC-SHA256 of the body>}. */
    record HmacSha256(String secret, String header) implements PushRequestSigner {
        @Override
        public void sign(Exchange exchange) {
            byte[] body = exchange.getMessage().getBody(String.class).getBytes(StandardCharsets.UTF_8);
            exchange.getMessage().setHeader(header, "sha256=" + HexFormat.of().formatHex(hmac(secret, body)));
        }

        static byte[] hmac(String secret, byte[] body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(body);
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        }

        @Override
        public String toString() {
            return "HmacSha256[" + header + ", ***]";
        }
    }

    /**
     * RongCloud's server API, as its server SDKs sign: {@code App-Key}, {@code Nonce} (a random number, well under the
     * 18 characters the docs allow), {@code Timestamp} in Unix seconds (the docs say milliseconds, but every official
     * SDK sends seconds), {@code Signature}, the lowercase hex SHA1 of app secret + nonce + timestamp, and an
     * {@code X-Request-ID} (a UUID without dashes, as the Java SDK sends) that RongCloud's support can trace.
     */
    record RongCloud(String appKey, String appSecret) implements PushRequestSigner {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Override
        public void sign(Exchange exchange) {
            String nonce = Integer.toString(RANDOM.nextInt(1_000_000_000));
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            var message = exchange.getMessage();
            message.setHeader("App-Key", appKey);
            message.setHeader("Nonce", nonce);
            message.setHeader("Timestamp", timestamp);
            message.setHeader("Signature", signature(appSecret, nonce, timestamp));
            message.setHeader("X-Request-ID", UUID.randomUUID().toString().replace("-", ""));
        }

        public static String signature(String appSecret, String nonce, String timestamp) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1")
                        .digest((appSecret + nonce + timestamp).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 unavailable", e);
            }
        }

        @Override
        public String toString() {
            return "RongCloud[" + appKey + ", ***]";
        }
    }
}
