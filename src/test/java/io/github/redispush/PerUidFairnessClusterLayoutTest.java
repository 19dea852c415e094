package io.github.redispush;

import java.util.Properties;

/**
 * {@link PerUidFairnessTest} with push.redis.layout=cluster on one server: deferOverUidLimit-8 with the push key as
 * an argument, the schedule, the reservations and each uid's window under {push_queue}.
 */
class PerUidFairnessClusterLayoutTest extends PerUidFairnessTest {

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
