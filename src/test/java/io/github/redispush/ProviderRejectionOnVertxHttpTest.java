package io.github.redispush;

import java.util.Properties;

/** {@link ProviderRejectionTest} with push.delivery.client=vertx-http. */
class ProviderRejectionOnVertxHttpTest extends ProviderRejectionTest {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.delivery.client", "vertx-http");
        return p;
    }
}
