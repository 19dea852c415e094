package io.github.redispush.redis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.util.Pool;

/**
 * Sentinel connections that follow a failover for real. Jedis's sentinel pool switches to the new master on
 * +switch-master, but a connection it made before still reports the new master's address (Jedis 6's connections
 * read their address from the pool's shared socket factory, which the switch updates), so neither the pool's check on
 * borrow nor its validation sees it. After a switchover such connections went on writing to the demoted master, which
 * stays writable until the sentinels reconfigure it (11 s in one test run), and those writes were lost when it
 * resynced: claims and acknowledgements gone, pushes sent again (docs/sentinel-and-cluster.md). Here a connection whose
 * socket is not connected to the pool's current master is discarded on borrow.
 */
final class CurrentMasterConnectionFactory extends JedisConnectionFactory {

    /** The remote end in {@code Connection.toIdentityString()}: "R:/127.0.0.1:6379" or "R:host/10.0.0.1:6379". */
    private static final Pattern REMOTE = Pattern.compile("R:([^/\\s}]*)/([^\\s}]+):(\\d+)");
    private static final int MAX_DISCARDED = 1000;

    private volatile JedisSentinelPool sentinelPool;

    CurrentMasterConnectionFactory(RedisSentinelConfiguration servers, JedisClientConfiguration client) {
        super(servers, client);
    }

    @Override
    protected Pool<Jedis> createRedisSentinelPool(RedisSentinelConfiguration config) {
        Pool<Jedis> pool = super.createRedisSentinelPool(config);
        if (pool instanceof JedisSentinelPool sentinel) {
            sentinelPool = sentinel;
        }
        return pool;
    }

    @Override
    protected Jedis fetchJedisConnector() {
        for (int discarded = 0; ; discarded++) {
            Jedis jedis = super.fetchJedisConnector();
            JedisSentinelPool pool = sentinelPool;
            if (pool == null || discarded >= MAX_DISCARDED || connectedTo(jedis, pool.getCurrentHostMaster())) {
                return jedis;
            }
            // made before the switch, still connected to the old master: broken, so the pool destroys it
            pool.returnBrokenResource(jedis);
        }
    }

    /** True when the socket's remote end is the master, or when it cannot be told (then as Jedis alone would). */
    static boolean connectedTo(Jedis jedis, HostAndPort master) {
        return connectedTo(jedis.getConnection().toIdentityString(), master);
    }

    static boolean connectedTo(String identity, HostAndPort master) {
        Matcher remote = REMOTE.matcher(identity);
        if (master == null || !remote.find()) {
            return true;
        }
        boolean samePort = Integer.parseInt(remote.group(3)) == master.getPort();
        return samePort && (remote.group(2).equals(master.getHost()) || remote.group(1).equals(master.getHost()));
    }
}
