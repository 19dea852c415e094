package io.github.redispush;

import java.util.Properties;

/** {@link ProviderFailureRetryTest} with push.delivery.client=vertx-http. */
class ProviderFailureRetryOnVertxHttpTest extends ProviderFailureRetryTest {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.delivery.client", "vertx-http");
        return p;
    }
}
