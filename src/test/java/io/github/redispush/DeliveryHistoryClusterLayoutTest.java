package io.github.redispush;

import java.util.Properties;

/**
 * {@link DeliveryHistoryTest} with push.redis.layout=cluster on one server: the history under {push_queue}, written by
 * cluster/acknowledge-6 and the rewritten deadLetter-8 and scheduleRetry-9.
 */
class DeliveryHistoryClusterLayoutTest extends DeliveryHistoryTest {

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
