package io.github.redispush.config;

import io.github.redispush.redis.ClusterUrl;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Where the worker's bookkeeping keys live ({@code push.redis.layout}). The producers' keys never move: the push
 * queue and the message keys ({@code rabbit_push_<uid>_<n>}) keep their names in both layouts.
 * <ul>
 * <li>{@link #SINGLE}: today's names, byte for byte ({@code temp_queue}, {@code temp_queue:leases}...), as the PHP
 * worker and daemon know them. One Redis server (or Sentinel).</li>
 * <li>{@link #CLUSTER}: every bookkeeping key under the push queue's hash tag ({@code {push_queue}:temp_queue},
 * {@code {push_queue}:temp_queue:leases}...). Untagged {@code push_queue} hashes to the same slot as any key named
 * {@code {push_queue}...}, so every script's keys share one slot and stay atomic on a Redis Cluster.</li>
 * </ul>
 */
public enum KeyLayout {
    SINGLE, CLUSTER;

    /** @param property {@code auto} (cluster for a cluster URL, else single), {@code single} or {@code cluster} */
    public static KeyLayout of(String property, String redisUrl) {
        boolean clusterUrl = ClusterUrl.isCluster(redisUrl);
        KeyLayout layout = switch (property == null ? "auto" : property.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "", "auto" -> clusterUrl ? CLUSTER : SINGLE;
            case "single" -> SINGLE;
            case "cluster" -> CLUSTER;
            default -> throw new IllegalArgumentException("push.redis.layout must be auto, single or cluster, got '" + property + "'");
        };
        if (clusterUrl && layout == SINGLE) {
            throw new IllegalArgumentException("push.redis.layout=single cannot run on a Redis Cluster (its scripts touch keys in "
                    + "several hash slots): leave push.redis.layout at auto, or set it to cluster");
        }
        return layout;
    }

    /**
     * The name of a bookkeeping key (the temp queue, the dead-letter list) of the pipeline that consumes
     * {@code pushQueue}: unchanged in the single layout; in the cluster layout prefixed with the push queue's hash
     * tag, or with the push queue's name itself when that already carries a tag ({@code orders{eu}} -> {@code orders{eu}:}).
     */
    public String name(String pushQueue, String name) {
        if (this == SINGLE) {
            return name;
        }
        String prefix = hasHashTag(pushQueue) ? pushQueue + ":" : "{" + pushQueue + "}:";
        String tagged = name.startsWith(prefix) ? name : prefix + name;
        if (JedisClusterCRC16.getSlot(tagged) != JedisClusterCRC16.getSlot(pushQueue)) {
            // only odd names get here ('{}' and braces in odd places): better refused at start than CROSSSLOT per call
            throw new IllegalArgumentException("push.queue.push '" + pushQueue + "': the cluster layout cannot name keys in its hash slot ("
                    + tagged + " hashes elsewhere); use a name without braces, or with a hash tag like orders{eu}");
        }
        return tagged;
    }

    /** Redis hashes only what is between the first '{' and the next '}', when that is not empty. */
    private static boolean hasHashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1;
    }
}
