package io.github.redispush.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * Every {@code push.*} property the Java side needs, read once and checked once. The YAML routes read the
 * rest (timeouts, retry policy) straight from their placeholders.
 */
public record PushSettings(
        String pipeline,
        String redisUrl,
        int redisDb,
        Duration redisTimeout,
        String pushQueue,
        String tempQueue,
        String deadLetterQueue,
        String keyPrefix,
        String pushUrl,
        Duration leaseTimeout,
        int maxAttempts,
        int redeliverBatchSize,
        int maxContentBytes,
        int maxBatchSize,
        int concurrency,
        Duration retryInitialDelay,
        double retryBackoffMultiplier,
        Duration retryMaxDelay,
        int maxValueBytes,
        String authProfile,
        String authAppKey,
        String authSecret,
        String authSignatureHeader,
        String intakeToken,
        String redisTruststore,
        String redisTruststorePassword,
        Integer rateLimitPerSecond,
        int breakerFailureRateThreshold,
        int breakerWindowSize,
        int breakerMinimumCalls,
        Duration breakerProbeInterval,
        String redisSentinelUsername,
        String redisSentinelPassword,
        int redeliverScanSize,
        int redeliverScanIntervalMs,
        KeyLayout layout,
        boolean allowEviction,
        Duration missingHorizon,
        Duration dedupTtl,
        Duration scheduleMaxDelay,
        Duration moveBlock,
        int lookupGraceChecks,
        Duration lookupGraceInterval,
        /** push.rate.per-uid; null when off (the default): no extra Redis call per push. */
        UidRateLimit perUidLimit,
        /** push.history.*: the delivery history's switch and caps (docs/delivery-history.md). */
        boolean historyEnabled,
        int historyMaxEntries,
        Duration historyMaxAge,
        /** push.delivery.client: camel-http (the default) or camel-vertx-http. */
        DeliveryClient deliveryClient) {

    /** The value of {@code push.redis.url} that starts a Redis server of our own: the newcomer's default. */
    public static final String EMBEDDED_REDIS = "embedded";

    /** A pipeline's name prefixes its beans and endpoints ({@code push.claims}, {@code seda:push.lookup}). */
    private static final java.util.regex.Pattern PIPELINE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    public PushSettings {
        if (pipeline == null || !PIPELINE_NAME.matcher(pipeline).matches()) {
            throw new IllegalArgumentException("push.pipeline must be letters, digits and '-' (like orders-eu), got '" + pipeline + "'");
        }
        requireText("push.queue.push", pushQueue);
        requireText("push.queue.temp", tempQueue);
        requireText("push.queue.dead-letter", deadLetterQueue);
        tempQueue = layout.name(pushQueue, tempQueue);
        deadLetterQueue = layout.name(pushQueue, deadLetterQueue);
        if (pushQueue.equals(tempQueue)) {
            throw new IllegalArgumentException("push.queue.push and push.queue.temp must differ, both are " + pushQueue);
        }
        // The PHP worker splits keys on '_' and wants exactly 4 parts: prefix + uid + nonce, so the prefix has 2.
        if (keyPrefix == null || keyPrefix.split("_", -1).length != 2 || keyPrefix.startsWith("_") || keyPrefix.endsWith("_")) {
            throw new IllegalArgumentException("push.key.prefix must be two words joined by one '_' (like rabbit_push), so keys split into 4 parts; got '" + keyPrefix + "'");
        }
        if (redisDb < 0) {
            throw new IllegalArgumentException("push.redis.db must be >= 0, got " + redisDb);
        }
        if (leaseTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("push.lease.timeout-ms must be at least 1000, got " + leaseTimeout.toMillis());
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("push.max-attempts must be at least 1, got " + maxAttempts);
        }
        if (rateLimitPerSecond != null && rateLimitPerSecond < 0) {
            throw new IllegalArgumentException("push.rate.limit-per-second must be empty (the provider's documented limit), 0 (no limit) or more, got " + rateLimitPerSecond);
        }
        if (retryInitialDelay.isNegative() || retryMaxDelay.compareTo(retryInitialDelay) < 0) {
            throw new IllegalArgumentException("push.retry.initial-delay-ms must be 0 or more and at most push.retry.max-delay-ms, got "
                    + retryInitialDelay.toMillis() + " and " + retryMaxDelay.toMillis());
        }
        if (retryBackoffMultiplier < 1) {
            throw new IllegalArgumentException("push.retry.backoff-multiplier must be at least 1, got " + retryBackoffMultiplier);
        }
        if (breakerFailureRateThreshold < 1 || breakerFailureRateThreshold > 100) {
            throw new IllegalArgumentException("push.breaker.failure-rate-threshold is a percentage from 1 to 100, got " + breakerFailureRateThreshold);
        }
        if (breakerWindowSize < 1 || breakerMinimumCalls < 1) {
            throw new IllegalArgumentException("push.breaker.window-size and push.breaker.minimum-calls must be at least 1, got "
                    + breakerWindowSize + " and " + breakerMinimumCalls);
        }
        if (breakerProbeInterval.toMillis() < 100) {
            throw new IllegalArgumentException("push.breaker.probe-interval-ms must be at least 100, got " + breakerProbeInterval.toMillis());
        }
        if (redeliverScanSize < 1 || redeliverScanSize > 10000) {
            throw new IllegalArgumentException("push.redeliver.scan-size must be 1..10000 (a larger chunk blocks Redis longer), got " + redeliverScanSize);
        }
        if (moveBlock.isZero() || moveBlock.isNegative() || moveBlock.compareTo(redisTimeout) >= 0) {
            // 0 would block until a key comes, past suspend and shutdown; a socket timeout within the wait breaks it
            throw new IllegalArgumentException("push.move.block-seconds must be at least 1 and less than push.redis.timeout-ms ("
                    + redisTimeout.toMillis() + " ms), got " + moveBlock.toSeconds());
        }
        if (lookupGraceChecks < 0 || lookupGraceInterval.isNegative()) {
            throw new IllegalArgumentException("push.lookup.grace-checks and push.lookup.grace-interval-ms must be 0 or more, got "
                    + lookupGraceChecks + " and " + lookupGraceInterval.toMillis());
        }
        if (redeliverScanIntervalMs < 1) {
            throw new IllegalArgumentException("push.redeliver.scan-interval-ms must be at least 1, got " + redeliverScanIntervalMs);
        }
        if (missingHorizon.isNegative()) {
            throw new IllegalArgumentException("push.lookup.missing-horizon-ms must be 0 (no waiting) or more, got " + missingHorizon.toMillis());
        }
        if (dedupTtl.toMillis() < 1) {
            throw new IllegalArgumentException("push.intake.dedup-ttl must be more than 0 (like 24h, 30m or PT24H), got " + dedupTtl);
        }
        if (scheduleMaxDelay.toDays() < 1 || scheduleMaxDelay.toDays() > 3650) {
            throw new IllegalArgumentException("push.schedule.max-delay-days must be 1..3650, got " + scheduleMaxDelay.toDays());
        }
        if (historyMaxEntries < 100 || historyMaxEntries > 10_000_000) {
            throw new IllegalArgumentException("push.history.max-entries must be 100..10000000, got " + historyMaxEntries);
        }
        if (historyMaxAge.toMillis() < 1000) {
            throw new IllegalArgumentException("push.history.max-age must be at least 1s (like 7d, 24h or PT24H), got " + historyMaxAge);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("push.delivery.concurrency must be at least 1, got " + concurrency);
        }
    }

    /** Reads the settings through a property lookup, e.g. Camel's properties component. */
    public static PushSettings from(Function<String, String> property) {
        Properties p = new Properties(property);
        String redisUrl = p.text("push.redis.url", EMBEDDED_REDIS);
        // read by the release-scheduled route's scheduler alone: 0 would poll Redis without a pause
        int releaseIntervalMs = p.integer("push.schedule.release-interval-ms", 250);
        if (releaseIntervalMs < 10 || releaseIntervalMs > 60000) {
            throw new IllegalArgumentException("push.schedule.release-interval-ms must be 10..60000 (a scheduled push is released at most that late), got "
                    + releaseIntervalMs);
        }
        return new PushSettings(
                p.text("push.pipeline", "push"),
                redisUrl,
                p.integer("push.redis.db", 2),
                Duration.ofMillis(p.integer("push.redis.timeout-ms", 5000)),
                p.text("push.queue.push", "push_queue"),
                p.text("push.queue.temp", "temp_queue"),
                p.text("push.queue.dead-letter", "push_dead_letter"),
                p.text("push.key.prefix", "rabbit_push"),
                p.text("push.url", ""),
                Duration.ofMillis(p.integer("push.lease.timeout-ms", 30000)),
                p.integer("push.max-attempts", 5),
                p.integer("push.redeliver.batch-size", 100),
                p.integer("push.intake.max-content-bytes", 4096),
                p.integer("push.intake.max-batch", 1000),
                p.integer("push.delivery.concurrency", 8),
                Duration.ofMillis(p.integer("push.retry.initial-delay-ms", 500)),
                p.decimal("push.retry.backoff-multiplier", 2),
                Duration.ofMillis(p.integer("push.retry.max-delay-ms", 60000)),
                p.integer("push.delivery.max-value-bytes", 65536),
                p.text("push.auth.profile", "none"),
                p.text("push.auth.app-key", ""),
                p.text("push.auth.secret", ""),
                p.text("push.auth.signature-header", "X-Push-Signature"),
                p.text("push.intake.token", ""),
                p.text("push.redis.tls.truststore", ""),
                p.text("push.redis.tls.truststore-password", ""),
                // empty: the provider profile's documented limit (RongCloudSettings.documentedRateLimit), so 0 can still mean none
                p.integer("push.rate.limit-per-second", null),
                p.integer("push.breaker.failure-rate-threshold", 50),
                p.integer("push.breaker.window-size", 50),
                p.integer("push.breaker.minimum-calls", 20),
                Duration.ofMillis(p.integer("push.breaker.probe-interval-ms", 5000)),
                p.text("push.redis.sentinel.username", ""),
                p.text("push.redis.sentinel.password", ""),
                p.integer("push.redeliver.scan-size", 500),
                p.integer("push.redeliver.scan-interval-ms", 20),
                KeyLayout.of(p.text("push.redis.layout", "auto"), redisUrl),
                p.bool("push.redis.allow-eviction", false),
                Duration.ofMillis(p.integer("push.lookup.missing-horizon-ms", 300000)),
                p.duration("push.intake.dedup-ttl", Duration.ofHours(24)),
                Duration.ofDays(p.integer("push.schedule.max-delay-days", 30)),
                Duration.ofSeconds(p.integer("push.move.block-seconds", 1)),
                p.integer("push.lookup.grace-checks", 20),
                Duration.ofMillis(p.integer("push.lookup.grace-interval-ms", 50)),
                p.uidRateLimit("push.rate.per-uid"),
                p.bool("push.history.enabled", true),
                p.integer("push.history.max-entries", 100000),
                p.duration("push.history.max-age", Duration.ofDays(7)),

                DeliveryClient.of(p.text("push.delivery.client", "http")));

    }

    /** Never the secret, nor a password in the Redis URL: this may end up in a log. */
    @Override
    public String toString() {
        return "PushSettings[" + pipeline + ": redis=" + io.github.redispush.redis.RedisConnections.redacted(redisUrl) + " db " + redisDb
                + ", " + pushQueue + " -> " + tempQueue + ", dead letters " + deadLetterQueue
                + ", auth " + authProfile + (authSecret.isEmpty() ? "" : " (secret ***)")
                + ", intake " + (intakeToken.isEmpty() ? "open on its host" : "token ***") + "]";
    }

    public boolean embeddedRedis() {
        return EMBEDDED_REDIS.equalsIgnoreCase(redisUrl.trim());
    }

    /** No push URL configured: deliveries go to the demo receiver route. */
    public boolean noPushUrl() {
        return pushUrl.isBlank();
    }

    /** Cluster layout: the message keys are read and deleted outside the scripts (see ClusterLayoutStore). */
    public boolean clusterLayout() {
        return layout == KeyLayout.CLUSTER;
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    private static final java.util.regex.Pattern SHORT_DURATION = java.util.regex.Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private record Properties(Function<String, String> lookup) {
        String text(String name, String fallback) {
            String value = lookup.apply(name);
            return value == null ? fallback : value.trim();
        }

        double decimal(String name, double fallback) {
            String value = text(name, null);
            if (value == null || value.isEmpty()) {
                return fallback;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got '" + value + "'", e);
            }
        }

        boolean bool(String name, boolean fallback) {
            String value = text(name, null);
            if (value == null || value.isEmpty()) {
                return fallback;
            }
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        /** {@code 24h}, {@code 30m}, {@code 90s}, {@code 500ms}, {@code 7d}, or ISO-8601 ({@code PT24H}). */
        Duration duration(String name, Duration fallback) {
            String value = text(name, null);
            if (value == null || value.isEmpty()) {
                return fallback;
            }
            return parseDuration(name, value);
        }

        /** {@code <pushes>/<window>}, the window as {@link #duration} reads it ({@code 10/1s}, {@code 100/1m}); empty: null. */
        UidRateLimit uidRateLimit(String name) {
            String value = text(name, null);
            if (value == null || value.isEmpty()) {
                return null;
            }
            int slash = value.indexOf('/');
            String refusal = name + " must be <pushes>/<window> like 10/1s or 100/1m (empty: off), got '" + value + "'";
            if (slash < 1 || !value.substring(0, slash).trim().matches("\\d{1,9}")) {
                throw new IllegalArgumentException(refusal);
            }
            Duration window;
            try {
                window = parseDuration(name, value.substring(slash + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(refusal, e);
            }
            return new UidRateLimit(Integer.parseInt(value.substring(0, slash).trim()), window);
        }

        private static Duration parseDuration(String name, String value) {
            java.util.regex.Matcher shortForm = SHORT_DURATION.matcher(value);
            try {
                if (shortForm.matches()) {
                    long amount = Long.parseLong(shortForm.group(1));
                    return switch (shortForm.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    };
                }
                return Duration.parse(value);
            } catch (ArithmeticException | java.time.format.DateTimeParseException | NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a duration like 24h, 30m, 90s, 500ms, 7d or PT24H, got '" + value + "'", e);
            }
        }

        Integer integer(String name, Integer fallback) {
            String value = text(name, null);
            if (value == null || value.isEmpty()) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
            }
        }
    }
}
