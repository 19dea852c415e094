package io.github.redispush;

import java.util.Properties;

/** {@link LateValueTest} with push.redis.layout=cluster on one server: the cluster scripts, names under {push_queue}. */
class LateValueClusterLayoutTest extends LateValueTest {

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
