package io.github.redispush;

import java.util.List;

/** {@link RongCloudRequestTest} with push.delivery.client=vertx-http. */
class RongCloudRequestOnVertxHttpTest extends RongCloudRequestTest {

    @Override
    protected String deliveryClient() {
        return "vertx-http";
    }

    /** HTTP/1.1 keeps the connection alive without saying so, and no compression is asked for. */
    @Override
    protected List<String> transportHeaders() {
        return List.of("user-agent");
    }
}
