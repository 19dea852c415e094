package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

/** Keys and values written exactly as the PHP producer writes them are delivered, then deleted. */
class SeedCompatibilityTest extends PipelineTestSupport {

    @Test
    void phpWrittenMessagesAreDeliveredWithTheirUidAndContentThenDeleted() {
        redis.phpProducerWrites("rabbit_push_20_175990", "推送內容");
        redis.phpProducerWrites("rabbit_push_21_100001", "second message");

        eventually().until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/push"))).size() == 2
                && redis.dbSize() == 2); // only the stats hash and the delivery history are left

        receiver.verify(1, postRequestedFor(urlEqualTo("/push"))
                .withRequestBody(equalToJson("{\"uid\":\"20\",\"content\":\"推送內容\",\"key\":\"rabbit_push_20_175990\"}")));
        receiver.verify(1, postRequestedFor(urlEqualTo("/push"))
                .withRequestBody(equalToJson("{\"uid\":\"21\",\"content\":\"second message\",\"key\":\"rabbit_push_21_100001\"}")));
        assertThat(redis.get("rabbit_push_20_175990")).isNull();
        assertThat(redis.list("push_queue")).isEmpty();
        assertThat(redis.list("temp_queue")).isEmpty();
        assertThat(redis.stat("delivered")).isEqualTo("2");
    }

    @Test
    void aValueSetAMomentAfterItsKeyWasQueuedIsStillDelivered() throws Exception {
        // The PHP producer LPUSHes before it SETs: a fast worker claims the key before its value exists.
        try (var jedis = redis.client()) {
            jedis.lpush("push_queue", "rabbit_push_7_123456");
        }
        CompletableFuture.runAsync(() -> {
            try (var jedis = redis.client()) {
                jedis.set("rabbit_push_7_123456", "late value");
            }
        }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));

        eventually().until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/push"))).size() == 1
                && redis.list("temp_queue").isEmpty());
        receiver.verify(1, postRequestedFor(urlEqualTo("/push"))
                .withRequestBody(equalToJson("{\"uid\":\"7\",\"content\":\"late value\",\"key\":\"rabbit_push_7_123456\"}")));
        assertThat(redis.get("rabbit_push_7_123456")).isNull();
    }
}
