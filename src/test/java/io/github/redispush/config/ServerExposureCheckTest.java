package io.github.redispush.config;

import io.github.redispush.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which camel.server.host and token combinations start, and what the refusal names. */
class ServerExposureCheckTest {

    @Test
    void loopbackNeedsNoToken() {
        for (String host : new String[] {"127.0.0.1", "localhost", "::1"}) {
            assertThat(ServerExposureCheck.check(properties("camel.server.host", host))).as(host).isEmpty();
        }
    }

    @Test
    void beyondLoopbackNeedsBothTokens() {
        for (String host : new String[] {"0.0.0.0", "::"}) {
            assertThatThrownBy(() -> ServerExposureCheck.check(properties("camel.server.host", host)))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("camel.server.host=" + host).hasMessageContaining("push.intake.token and push.ops.token are empty")
                    .hasMessageContaining("push.http.trusted-network=true");
        }
        assertThatThrownBy(() -> ServerExposureCheck.check(properties("camel.server.host", "0.0.0.0", "push.ops.token", "o")))
                .hasMessageContaining("push.intake.token is empty");
        assertThat(ServerExposureCheck.check(properties("camel.server.host", "0.0.0.0", "push.ops.token", "o", "push.intake.token", "i")))
                .isEmpty();
    }

    @Test
    void aTrustedNetworkIsAcceptedWithALineAndAWrongValueIsRefused() {
        assertThat(ServerExposureCheck.check(properties("camel.server.host", "0.0.0.0", "push.http.trusted-network", "true")))
                .hasValueSatisfying(line -> assertThat(line).contains("accepted by push.http.trusted-network=true"));
        assertThatThrownBy(() -> ServerExposureCheck.check(properties("camel.server.host", "0.0.0.0", "push.http.trusted-network", "yes")))
                .hasMessageContaining("push.http.trusted-network must be true or false");
    }

    private static java.util.function.Function<String, String> properties(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }
}
