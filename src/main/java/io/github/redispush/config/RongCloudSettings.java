package io.github.redispush.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.redispush.redis.RedisConnections;

/**
 * The {@code push.provider} choice and the {@code push.rongcloud.*} properties, read once and checked once. The
 * RongCloud routes (routes/providers/rongcloud*.camel.yaml) read their request fields from the placeholders; the Java
 * side needs the hosts, the documented rate limit and the pauses.
 */
public record RongCloudSettings(
        String provider,
        String region,
        String fromUserId,
        String objectName,
        String pushTitle,
        boolean textAsPushContent,
        Duration firstHostRetry,
        Duration rateLimitedPause) {

    /** RongCloud's hosts per region, main and backup, as its server SDKs list them (CenterEnum, REGION_*). */
    public static final Map<String, List<String>> REGIONS = Map.of(
            "bj", List.of("https://api.rong-api.com", "https://api-b.rong-api.com"),
            "sg", List.of("https://api.sg-light-api.com", "https://api-b.sg-light-api.com"),
            "sg-b", List.of("https://api.sg-b-light-api.com", "https://api-b.sg-b-light-api.com"),
            "na", List.of("https://api.us-light-api.com", "https://api-b.us-light-api.com"),
            "sau", List.of("https://api.sau-light-api.com", "https://api-b.sau-light-api.com"));

    /**
     * RongCloud's documented limits, in pushes per second: /message/private/publish.json 6,000 messages a minute,
     * /message/system/publish.json and /push/user.json 100 a second. They count recipients, and each push here has one.
     */
    private static final Map<String, Integer> DOCUMENTED_RATE_LIMITS = Map.of(
            "rongcloud-private", 100,
            "rongcloud-system", 100,
            "rongcloud-push", 100);

    /** RongCloud truncates nothing: it refuses a longer title (1002), so it is refused at start instead. */
    private static final int MAX_TITLE = 50;

    public RongCloudSettings {
        if (provider == null || !provider.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("push.provider must name a route file in routes/providers/ (generic, rongcloud-private, rongcloud-system, rongcloud-push), got '" + provider + "'");
        }
        if (!REGIONS.containsKey(region)) {
            throw new IllegalArgumentException("push.rongcloud.region must be one of " + REGIONS.keySet().stream().sorted().toList() + ", got '" + region + "'");
        }
        if (pushTitle.codePointCount(0, pushTitle.length()) > MAX_TITLE) {
            throw new IllegalArgumentException("push.rongcloud.push-title must be at most " + MAX_TITLE + " characters (RongCloud refuses longer ones)");
        }
        if (firstHostRetry.isNegative() || rateLimitedPause.isNegative()) {
            throw new IllegalArgumentException("push.rongcloud.first-host-retry-ms and push.rongcloud.rate-limited-pause-ms must be 0 or more");
        }
    }

    public static RongCloudSettings from(Function<String, String> property) {
        return new RongCloudSettings(
                text(property, "push.provider", "generic"),
                text(property, "push.rongcloud.region", "bj"),
                text(property, "push.rongcloud.from-user-id", ""),
                text(property, "push.rongcloud.object-name", "RC:TxtMsg"),
                text(property, "push.rongcloud.push-title", ""),
                Boolean.parseBoolean(text(property, "push.rongcloud.text-as-push-content", "false")),
                Duration.ofMillis(Long.parseLong(text(property, "push.rongcloud.first-host-retry-ms", "60000"))),
                Duration.ofMillis(Long.parseLong(text(property, "push.rongcloud.rate-limited-pause-ms", "1000"))));
    }

    /** One of the RongCloud profiles: signed RongCloud's way, sent to its hosts, answers read by their body's code. */
    public boolean rongCloud() {
        return DOCUMENTED_RATE_LIMITS.containsKey(provider);
    }

    /** Refuses at start what RongCloud would refuse on every push: no sender for a message, a host with a path. */
    public void check(String pushUrl) {
        check();
        if (rongCloud()) {
            for (String host : hosts(pushUrl)) {
                URI uri;
                try {
                    uri = URI.create(host);
                } catch (IllegalArgumentException e) {
                    uri = null;
                }
                if (uri == null || uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())
                        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null) {
                    throw new IllegalArgumentException("push.url for push.provider=" + provider + " lists RongCloud hosts, comma-separated, "
                            + "each a scheme and host only (https://api.rong-api.com,https://api-b.rong-api.com), or is empty for "
                            + "push.rongcloud.region's pair; the profile adds the path. Got an entry that is not: " + RedisConnections.redactedHttp(host));
                }
            }
        }
    }

    /** The messaging profiles name a sender; /push/user.json does not. */
    public void check() {
        if ((provider.equals("rongcloud-private") || provider.equals("rongcloud-system")) && fromUserId.isBlank()) {
            throw new IllegalArgumentException("push.rongcloud.from-user-id must be set for push.provider=" + provider + ": the user id the messages come from");
        }
        if (rongCloud() && objectName.isBlank()) {
            throw new IllegalArgumentException("push.rongcloud.object-name must not be empty (RC:TxtMsg for a text message)");
        }
    }

    /** The provider's documented limit in pushes per second, used when push.rate.limit-per-second is empty; 0: none. */
    public int documentedRateLimit() {
        return DOCUMENTED_RATE_LIMITS.getOrDefault(provider, 0);
    }

    /**
     * The hosts a RongCloud profile sends to: those listed in {@code push.url} (comma-separated, scheme and host, e.g.
     * {@code https://api.rong-api.com,https://api-b.rong-api.com}), or the region's pair when it is empty.
     */
    public List<String> hosts(String pushUrl) {
        if (pushUrl == null || pushUrl.isBlank()) {
            return REGIONS.get(region);
        }
        return Arrays.stream(pushUrl.split(",")).map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> h.endsWith("/") ? h.substring(0, h.length() - 1) : h).toList();
    }

    private static String text(Function<String, String> property, String name, String fallback) {
        String value = property.apply(name);
        return value == null ? fallback : value.trim();
    }
}
