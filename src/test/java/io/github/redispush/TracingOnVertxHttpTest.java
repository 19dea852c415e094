package io.github.redispush;

import java.util.Properties;

/** {@link TracingTest} with push.delivery.client=vertx-http: the provider's POST span and its traceparent on that client. */
class TracingOnVertxHttpTest extends TracingTest {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.delivery.client", "vertx-http");
        return p;
    }
}
