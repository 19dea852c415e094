package io.github.redispush;

import java.util.Properties;

/** {@link ProviderAnswerHeadersTest} with push.delivery.client=vertx-http. */
class ProviderAnswerHeadersOnVertxHttpTest extends ProviderAnswerHeadersTest {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.delivery.client", "vertx-http");
        return p;
    }
}
