package io.github.redispush.http;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrossSiteGuardTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void onLoopbackOnlyTheLoopbackNamesPass() {
        CrossSiteGuard guard = new CrossSiteGuard("127.0.0.1");
        assertThatCode(() -> guard.checkHost(addressedTo("localhost:8080"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.checkHost(addressedTo("[::1]:8080"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkHost(addressedTo("evil.example:8080"))).isInstanceOf(CrossSiteGuard.ForeignHostException.class);
        assertThatThrownBy(() -> guard.checkHost(addressedTo(nonLoopbackAddress() + ":8080"))).isInstanceOf(CrossSiteGuard.ForeignHostException.class);
    }

    @Test
    void onEveryInterfaceThisMachinesAddressesPassAndOtherNamesDoNot() throws Exception {
        CrossSiteGuard guard = new CrossSiteGuard("0.0.0.0");
        assertThatCode(() -> guard.checkHost(addressedTo(nonLoopbackAddress() + ":8080"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.checkHost(addressedTo(InetAddress.getLocalHost().getHostName()))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkHost(addressedTo("evil.example:8080"))).isInstanceOf(CrossSiteGuard.ForeignHostException.class);
        assertThatThrownBy(() -> guard.checkHost(addressedTo(null))).isInstanceOf(CrossSiteGuard.ForeignHostException.class);
    }

    private Exchange addressedTo(String host) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setHeader("Host", host);
        return exchange;
    }

    /** One of this machine's own addresses that is not loopback (a sandbox has at least its own interface). */
    private static String nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                    return address.getHostAddress();
                }
            }
        }
        // said, not hidden: a machine with loopback only cannot show the difference this test is about
        org.junit.jupiter.api.Assumptions.abort("skipped: this machine has no non-loopback IPv4 address");
        return null;
    }
}
