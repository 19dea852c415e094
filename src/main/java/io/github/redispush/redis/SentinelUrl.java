package io.github.redispush.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Sentinel deployment named the way Lettuce users know it:
 * {@code redis-sentinel://[[user:]password@]host1[:26379][,host2[:26379]...][/db]#master}, or
 * {@code rediss-sentinel://...} for TLS to the sentinels and the master alike. The user and password are the
 * master's (the data nodes'), as in {@code redis://}; the sentinels' own credentials are separate properties,
 * because Sentinel ACLs are usually not the data ACLs.
 *
 * @param db the database in the URL's path, or null when it has none (push.redis.db then applies)
 */
public record SentinelUrl(List<HostAndPort> sentinels, String master, Integer db, String username, String password, boolean tls) {

    public static final int DEFAULT_SENTINEL_PORT = 26379;

    public record HostAndPort(String host, int port) {
    }

    public static boolean isSentinel(String url) {
        String trimmed = url.trim();
        return trimmed.startsWith("redis-sentinel://") || trimmed.startsWith("rediss-sentinel://");
    }

    public static SentinelUrl parse(String url) {
        String rest = url.trim();
        boolean tls = rest.startsWith("rediss-sentinel://");
        rest = rest.substring(rest.indexOf("://") + 3);

        int hash = rest.indexOf('#');
        if (hash < 0 || hash == rest.length() - 1) {
            throw new IllegalArgumentException("push.redis.url: a Sentinel URL names its master after '#', like redis-sentinel://host:26379#mymaster");
        }
        String master = decode(rest.substring(hash + 1));
        rest = rest.substring(0, hash);

        Integer db = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (!path.isEmpty()) {
                try {
                    db = Integer.parseInt(path);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("push.redis.url: the database after '/' must be a number, got '" + path + "'");
                }
            }
        }

        Servers servers = Servers.parse(rest, DEFAULT_SENTINEL_PORT, "sentinel");
        return new SentinelUrl(servers.hosts(), master, db, servers.username(), servers.password(), tls);
    }

    /**
     * The part of a multi-host URL before its path: {@code [[user:]password@]host1[:port][,host2[:port]...]}, shared
     * by the Sentinel and the Cluster forms.
     */
    record Servers(List<HostAndPort> hosts, String username, String password) {

        static Servers parse(String rest, int defaultPort, String what) {
            String username = null;
            String password = null;
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                String[] user = rest.substring(0, at).split(":", 2);
                rest = rest.substring(at + 1);
                if (user.length == 2) {
                    username = user[0].isEmpty() ? null : decode(user[0]);
                    password = decode(user[1]);
                } else {
                    password = decode(user[0]);
                }
            }
            List<HostAndPort> hosts = new ArrayList<>();
            for (String address : rest.split(",")) {
                if (address.isBlank()) {
                    continue;
                }
                int colon = address.lastIndexOf(':');
                try {
                    hosts.add(colon < 0 ? new HostAndPort(address, defaultPort)
                            : new HostAndPort(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("push.redis.url: bad " + what + " port in '" + address + "'");
                }
            }
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("push.redis.url needs at least one " + what + " host");
            }
            return new Servers(List.copyOf(hosts), username, password);
        }

        /** For logs: the user but never the password, then the hosts. */
        String redacted() {
            StringBuilder shown = new StringBuilder();
            if (password != null) {
                shown.append(username == null ? "" : username).append(":***@");
            }
            for (int i = 0; i < hosts.size(); i++) {
                shown.append(i == 0 ? "" : ",").append(hosts.get(i).host()).append(':').append(hosts.get(i).port());
            }
            return shown.toString();
        }
    }

    /** For logs: the sentinels and the master's name, the user but never the password. */
    public String redacted() {
        StringBuilder shown = new StringBuilder(tls ? "rediss-sentinel://" : "redis-sentinel://")
                .append(new Servers(sentinels, username, password).redacted());
        if (db != null) {
            shown.append('/').append(db);
        }
        return shown.append('#').append(master).toString();
    }

    @Override
    public String toString() {
        return redacted();
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
