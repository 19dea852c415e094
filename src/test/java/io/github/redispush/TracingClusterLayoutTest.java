package io.github.redispush;

import java.util.Properties;

/**
 * {@link TracingTest} with push.redis.layout=cluster on one server: the value SET NX, the trace context written before
 * the LPUSH, both contexts of a batch read in one MGET, all under {push_queue}.
 */
class TracingClusterLayoutTest extends TracingTest {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.redis.layout", "cluster");
        return p;
    }

    @Override
    protected String tempQueue() {
        return "{push_queue}:temp_queue";
    }
}
