package io.github.redispush;

/** {@link RongCloudAnswerCodesTest} with push.delivery.client=vertx-http. */
class RongCloudAnswerCodesOnVertxHttpTest extends RongCloudAnswerCodesTest {

    @Override
    protected String deliveryClient() {
        return "vertx-http";
    }
}
