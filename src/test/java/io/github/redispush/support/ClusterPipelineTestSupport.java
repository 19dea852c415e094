package io.github.redispush.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.JedisCluster;

/**
 * The application booted as camel-main does, against a real three-master Redis Cluster ({@link TestCluster}) with
 * {@code push.redis.url=redis-cluster://...} (so {@code push.redis.layout=auto} picks the cluster layout), and a
 * real HTTP receiver. The names below are the cluster layout's: the push queue's hash tag before each bookkeeping key.
 */
public abstract class ClusterPipelineTestSupport extends PipelineTestSupport {

    public static final String PUSH_QUEUE = "push_queue";
    public static final String TEMP_QUEUE = "{push_queue}:temp_queue";
    public static final String LEASES = TEMP_QUEUE + ":leases";
    public static final String TOKENS = TEMP_QUEUE + ":tokens";
    public static final String STATS = TEMP_QUEUE + ":stats";
    public static final String RETRIES = TEMP_QUEUE + ":retries";
    public static final String ADOPTED = TEMP_QUEUE + ":adopted";
    public static final String DEAD_LETTERS = "{push_queue}:push_dead_letter";

    protected static TestCluster cluster;
    protected static JedisCluster jedis;

    @BeforeAll
    static void startCluster() {
        if (cluster != null) {
            return;
        }
        cluster = new TestCluster().start();
        jedis = cluster.client();
    }

    @AfterAll
    static void stopCluster() {
        stopSharedContext();
        jedis.close();
        cluster.close();
        cluster = null;
    }

    @Override
    protected void doPreSetup() throws Exception {
        cluster.flushAll();
        super.doPreSetup();
    }

    @Override
    protected void startServers() {
        super.startServers();
        startCluster();
    }

    @Override
    protected void unblockBlockingPops() {
        cluster.unblockBlockingPops();
    }

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.redis.url", cluster.url());
        return p;
    }

    /** What a PHP producer does, through a cluster client: LPUSH the key, then SET its value (two slots). */
    protected static void phpProducerWrites(String key, String value) {
        jedis.lpush(PUSH_QUEUE, key);
        jedis.set(key, value);
    }

    /** n messages the PHP way; returns their keys. */
    protected static List<String> phpProducerWrites(int n, String uidPrefix) {
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String key = "rabbit_push_" + uidPrefix + i + "_" + (100000 + i % 900000);
            phpProducerWrites(key, "message " + i);
            keys.add(key);
        }
        return keys;
    }

    protected static String stat(String counter) {
        return jedis.hget(STATS, counter);
    }
}
