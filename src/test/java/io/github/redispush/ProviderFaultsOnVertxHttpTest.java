package io.github.redispush;

import java.util.Properties;

/** {@link ProviderFaultsTest} with push.delivery.client=vertx-http. */
class ProviderFaultsOnVertxHttpTest extends ProviderFaultsTest {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.delivery.client", "vertx-http");
        return p;
    }
}
