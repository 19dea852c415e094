package io.github.redispush.redis;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Redis's {@code maxmemory-policy}, read from {@code INFO memory} ({@code maxmemory_policy}) because managed Redis
 * often disables {@code CONFIG}. Under an {@code allkeys-*} policy Redis may evict any key when memory runs short: an
 * evicted message value reads as "already delivered", and a whole queue list can vanish. {@code noeviction} and
 * {@code volatile-*} are safe here: none of the pipeline's keys has a TTL.
 *
 * @param byServer the policy of each server asked: one entry ("server") for a single server or a Sentinel's master;
 *                 one per master ("host:port") for a Redis Cluster, where Spring asks every master it knows
 */
public record EvictionPolicy(Map<String, String> byServer) {

    private static final String FIELD = "maxmemory_policy";

    /** Asks the server(s) the connection factory reaches; a RuntimeException when Redis does not answer. */
    public static EvictionPolicy read(RedisConnectionFactory connections) {
        Properties info;
        try (RedisConnection connection = connections.getConnection()) {
            // on a cluster connection Spring runs INFO on every master and prefixes each field with "host:port."
            info = connection.serverCommands().info("memory");
        }
        Map<String, String> byServer = new TreeMap<>();
        if (info != null) {
            info.forEach((name, value) -> {
                String field = String.valueOf(name);
                if (field.equals(FIELD)) {
                    byServer.put("server", String.valueOf(value).trim());
                } else if (field.endsWith("." + FIELD)) {
                    byServer.put(field.substring(0, field.length() - FIELD.length() - 1), String.valueOf(value).trim());
                }
            });
        }
        return new EvictionPolicy(Map.copyOf(byServer));
    }

    /** Some server may evict any key, ours included. */
    public boolean evictsAnyKey() {
        return byServer.values().stream().anyMatch(policy -> policy.startsWith("allkeys-"));
    }

    /** For messages: "allkeys-lru", or per server when a cluster's masters differ ("127.0.0.1:7001 allkeys-lru, ..."). */
    public String describe() {
        if (byServer.isEmpty()) {
            return "unknown (INFO memory has no maxmemory_policy)";
        }
        if (byServer.values().stream().distinct().count() == 1) {
            return byServer.values().iterator().next();
        }
        return byServer.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
