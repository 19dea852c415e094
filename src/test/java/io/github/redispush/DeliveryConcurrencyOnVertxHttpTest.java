package io.github.redispush;

import java.util.Properties;

/** {@link DeliveryConcurrencyTest} with push.delivery.client=vertx-http: permits, not threads, bound the pushes in flight. */
class DeliveryConcurrencyOnVertxHttpTest extends DeliveryConcurrencyTest {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.delivery.client", "vertx-http");
        return p;
    }
}
