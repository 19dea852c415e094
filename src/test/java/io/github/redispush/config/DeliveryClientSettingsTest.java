package io.github.redispush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** push.delivery.client: camel-http when left out, vertx-http on request, anything else refuses the start. */
class DeliveryClientSettingsTest {

    private static PushSettings settings(String value) {
        return PushSettings.from(Map.of("push.delivery.client", value)::get);
    }

    @Test
    void camelHttpWhenLeftOutAndVertxHttpOnRequest() {
        DeliveryClient left = PushSettings.from(Map.<String, String>of()::get).deliveryClient();
        assertThat(left).isEqualTo(DeliveryClient.HTTP);
        assertThat(left.asynchronous()).isFalse();
        assertThat(left.uriPrefix()).isEmpty();
        DeliveryClient vertx = settings(" Vertx-HTTP ").deliveryClient();
        assertThat(vertx).isEqualTo(DeliveryClient.VERTX_HTTP);
        assertThat(vertx.asynchronous()).isTrue();
        assertThat(vertx.uriPrefix()).isEqualTo("vertx-http:");
    }

    @Test
    void anyOtherClientRefusesTheStartNamingTheProperty() {
        for (String wrong : new String[] {"", "https", "vertx", "netty-http", "http,vertx-http"}) {
            assertThatThrownBy(() -> settings(wrong)).as(wrong).hasMessageContaining("push.delivery.client must be http or vertx-http")
                    .hasMessageContaining("'" + wrong + "'");
        }
    }
}
