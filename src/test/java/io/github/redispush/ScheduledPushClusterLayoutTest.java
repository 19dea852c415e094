package io.github.redispush;

import java.util.Properties;

/**
 * {@link ScheduledPushTest} with push.redis.layout=cluster on one server: the values SET one by one, the queueing and
 * scheduling in cluster/scheduleKeys-2, the cancel in cluster/cancelScheduled-2; the schedule under {push_queue}.
 */
class ScheduledPushClusterLayoutTest extends ScheduledPushTest {

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
