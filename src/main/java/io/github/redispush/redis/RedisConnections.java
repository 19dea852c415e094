package io.github.redispush.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.redispush.InvalidConfigurationException;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Builds the Jedis connection factory and the String template every Redis call goes through. */
public final class RedisConnections {

    private RedisConnections() {
    }

    /**
     * @param url {@code redis://[user[:password]@]host[:port]} or {@code rediss://...} for TLS
     * @param db the database index (the PHP design uses 2)
     * @param timeout socket timeout; must be longer than the blocking pop's timeout
     * @param poolSize connections: one per concurrent worker plus the mover, the reaper and the renewer
     */
    public static JedisConnectionFactory connectionFactory(String url, int db, Duration timeout, int poolSize) {
        return connectionFactory(url, db, timeout, poolSize, null, null);
    }

    /**
     * @param truststore a PKCS12 file with the CA (or self-signed certificate) to trust for {@code rediss://}; null
     *        for the JVM's default trust
     */
    public static JedisConnectionFactory connectionFactory(String url, int db, Duration timeout, int poolSize,
            String truststore, String truststorePassword) {
        return connectionFactory(url, db, timeout, poolSize, truststore, truststorePassword, "", "");
    }

    /**
     * @param url also {@code redis-sentinel://[[user:]password@]host1:26379,host2:26379[/db]#master} (see
     *        {@link SentinelUrl}); {@code rediss-sentinel://} for TLS to the sentinels and the master
     * @param sentinelUsername the sentinels' own ACL user (empty: none)
     * @param sentinelPassword the sentinels' own password (empty: they need none)
     */
    public static JedisConnectionFactory connectionFactory(String url, int db, Duration timeout, int poolSize,
            String truststore, String truststorePassword, String sentinelUsername, String sentinelPassword) {
        if (SentinelUrl.isSentinel(url)) {
            SentinelUrl sentinel = SentinelUrl.parse(url);
            RedisSentinelConfiguration servers = new RedisSentinelConfiguration().master(sentinel.master());
            sentinel.sentinels().forEach(s -> servers.sentinel(s.host(), s.port()));
            servers.setDatabase(sentinel.db() == null ? db : sentinel.db());
            authenticate(servers, sentinel.username(), sentinel.password());
            if (sentinelUsername != null && !sentinelUsername.isBlank()) {
                servers.setSentinelUsername(sentinelUsername.trim());
            }
            if (sentinelPassword != null && !sentinelPassword.isEmpty()) {
                servers.setSentinelPassword(sentinelPassword);
            }
            // Spring always pools Sentinel connections (JedisSentinelPool), which follows +switch-master but keeps the
            // connections it made before: they still talk to the old master, which keeps accepting writes until the
            // sentinels demote it, and loses them when it resyncs (acknowledgements lost: pushes sent twice). Jedis's own
            // checks cannot see them (see CurrentMasterConnectionFactory), which discards them on borrow; a PING on
            // borrow still replaces a dead connection
            try {
                return started(new CurrentMasterConnectionFactory(servers, clientConfiguration(sentinel.tls(), timeout, poolSize, truststore,
                        truststorePassword, true)));
            } catch (RuntimeException e) {
                // the sentinel pool asks the sentinels for the master at once: a failure here is the configuration's
                throw new IllegalStateException("no sentinel of " + sentinel.redacted() + " named the master (" + rootMessage(e)
                        + "): check the sentinel addresses, the master name and push.redis.sentinel.password", e);
            }
        }
        if (ClusterUrl.isCluster(url)) {
            ClusterUrl cluster = ClusterUrl.parse(url);
            RedisClusterConfiguration nodes = new RedisClusterConfiguration();
            cluster.nodes().forEach(node -> nodes.clusterNode(node.host(), node.port()));
            authenticate(nodes, cluster.username(), cluster.password());
            try {
                // ClusterConnectionFactory: a command aimed at a dead master gives up after one timeout (see there)
                return started(new ClusterConnectionFactory(nodes, clientConfiguration(cluster.tls(), timeout, poolSize, truststore,
                        truststorePassword, false)));
            } catch (RuntimeException e) {
                // JedisCluster asks the given nodes for the slot map at once: a failure here is the configuration's
                throw new IllegalStateException("no node of " + cluster.redacted() + " answered with the cluster's slots (" + rootMessage(e)
                        + "): check the node addresses, the password and that cluster-enabled is on", e);
            }
        }
        URI uri = URI.create(url.trim());
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("push.redis.url must start with redis://, rediss://, redis-sentinel://, rediss-sentinel://, redis-cluster:// or rediss-cluster://, got '" + uri.getScheme() + "://...'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("push.redis.url has no host");
        }
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379);
        server.setDatabase(db);
        if (uri.getRawUserInfo() != null) {
            String[] user = uri.getRawUserInfo().split(":", 2);
            if (user.length == 2) {
                if (!user[0].isEmpty()) {
                    server.setUsername(decode(user[0]));
                }
                server.setPassword(decode(user[1]));
            } else {
                server.setPassword(decode(user[0]));
            }
        }

        return started(new JedisConnectionFactory(server,
                clientConfiguration("rediss".equals(uri.getScheme()), timeout, poolSize, truststore, truststorePassword, false)));
    }

    /** The data nodes' user and password from the URL, when it has them. */
    private static void authenticate(RedisConfiguration.WithAuthentication servers, String username, String password) {
        if (username != null) {
            servers.setUsername(username);
        }
        if (password != null) {
            servers.setPassword(password);
        }
    }

    /** The database a URL selects: a Sentinel URL's own /db, 0 on a cluster (its only one), else push.redis.db. */
    public static int database(String url, int db) {
        if (ClusterUrl.isCluster(url)) {
            return 0;
        }
        if (SentinelUrl.isSentinel(url)) {
            Integer own = SentinelUrl.parse(url).db();
            return own == null ? db : own;
        }
        return db;
    }

    private static JedisConnectionFactory started(JedisConnectionFactory factory) {
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    private static JedisClientConfiguration clientConfiguration(boolean useTls, Duration timeout, int poolSize,
            String truststore, String truststorePassword, boolean checkOnBorrow) {
        GenericObjectPoolConfig<?> pool = new GenericObjectPoolConfig<>();
        pool.setTestOnBorrow(checkOnBorrow);
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        JedisClientConfiguration.JedisClientConfigurationBuilder client = JedisClientConfiguration.builder()
                .connectTimeout(timeout)
                .readTimeout(timeout);
        if (useTls) {
            var tls = client.useSsl().sslSocketFactory(Tls.socketFactory(truststore, truststorePassword));
            // check the certificate names this host, as HTTPS does
            javax.net.ssl.SSLParameters parameters = new javax.net.ssl.SSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.sslParameters(parameters);
        }
        client.usePooling().poolConfig(pool);
        return client.build();
    }

    /**
     * Fails the start with one clear line when Redis refuses the credentials: retrying with the same wrong password
     * would only fill the log. Any other failure (Redis not up yet) is left to the routes, which retry quietly.
     */
    public static void checkCredentials(JedisConnectionFactory factory, String url) {
        try (var connection = factory.getConnection()) {
            connection.ping();
        } catch (RuntimeException e) {
            if (hasCause(e, javax.net.ssl.SSLHandshakeException.class)) {
                throw new InvalidConfigurationException("Redis at " + redacted(url) + " presented a TLS certificate this JVM does not trust ("
                        + rootMessage(e) + "): set push.redis.tls.truststore to a PKCS12 file with its CA");
            }
            String message = String.valueOf(rootMessage(e));
            if (message.contains("WRONGPASS") || message.contains("NOAUTH") || message.contains("invalid password")
                    || message.contains("invalid username-password") || message.contains("NOPERM")) {
                throw new InvalidConfigurationException("Redis at " + redacted(url) + " refused the credentials (" + message
                        + "): check the user and password in push.redis.url");
            }
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    public static StringRedisTemplate template(JedisConnectionFactory factory) {
        StringRedisTemplate template = new StringRedisTemplate(factory);
        StrictUtf8Serializer strict = new StrictUtf8Serializer();
        template.setKeySerializer(strict);
        template.setValueSerializer(strict);
        template.setHashKeySerializer(strict);
        template.setHashValueSerializer(strict);
        template.afterPropertiesSet();
        return template;
    }

    /** The URL without its password, for logs. */
    public static String redacted(String url) {
        if (SentinelUrl.isSentinel(url)) {
            return SentinelUrl.parse(url).redacted();
        }
        if (ClusterUrl.isCluster(url)) {
            return ClusterUrl.parse(url).redacted();
        }
        URI uri = URI.create(url.trim());
        if (uri.getRawUserInfo() == null) {
            return url;
        }
        String user = uri.getRawUserInfo().split(":", 2)[0];
        return uri.getScheme() + "://" + (user.isEmpty() ? "" : user) + ":***@" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    /** An HTTP URL without user info and query (either may carry a token), for logs. */
    public static String redactedHttp(String url) {
        try {
            URI uri = URI.create(url.trim());
            String shown = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath();
            return uri.getRawQuery() == null ? shown : shown + "?(query hidden)";
        } catch (IllegalArgumentException e) {
            return "(unparseable URL)";
        }
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
