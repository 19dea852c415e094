package io.github.redispush;

/** {@link RongCloudFailoverTest} with push.delivery.client=vertx-http. */
class RongCloudFailoverOnVertxHttpTest extends RongCloudFailoverTest {

    @Override
    protected String deliveryClient() {
        return "vertx-http";
    }
}
