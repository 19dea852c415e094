package io.github.redispush.redis;

import java.util.List;

import io.github.redispush.redis.SentinelUrl.HostAndPort;

/**
 * A Redis Cluster named by some of its nodes: {@code redis-cluster://[[user:]password@]host1[:6379][,host2[:6379]...]},
 * or {@code rediss-cluster://...} for TLS to every node. Any reachable node is enough to start: the client learns
 * the rest of the cluster (and which node holds which slot) from it. A cluster has only database 0, so the URL
 * has no path; push.redis.db does not apply.
 */
public record ClusterUrl(List<HostAndPort> nodes, String username, String password, boolean tls) {

    public static final int DEFAULT_PORT = 6379;

    public static boolean isCluster(String url) {
        String trimmed = url.trim();
        return trimmed.startsWith("redis-cluster://") || trimmed.startsWith("rediss-cluster://");
    }

    public static ClusterUrl parse(String url) {
        String rest = url.trim();
        boolean tls = rest.startsWith("rediss-cluster://");
        rest = rest.substring(rest.indexOf("://") + 3);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.contains("/") || rest.contains("#")) {
            throw new IllegalArgumentException("push.redis.url: a cluster URL has no database or master name (a Redis Cluster "
                    + "has only database 0), like redis-cluster://host1:6379,host2:6379");
        }
        SentinelUrl.Servers servers = SentinelUrl.Servers.parse(rest, DEFAULT_PORT, "cluster node");
        return new ClusterUrl(servers.hosts(), servers.username(), servers.password(), tls);
    }

    /** For logs: the nodes and the user, never the password. */
    public String redacted() {
        return (tls ? "rediss-cluster://" : "redis-cluster://") + new SentinelUrl.Servers(nodes, username, password).redacted();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
