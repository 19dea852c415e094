package io.github.redispush;

/** {@link RongCloudDeliveryTest} with push.delivery.client=vertx-http. */
class RongCloudDeliveryOnVertxHttpTest extends RongCloudDeliveryTest {

    @Override
    protected String deliveryClient() {
        return "vertx-http";
    }
}
