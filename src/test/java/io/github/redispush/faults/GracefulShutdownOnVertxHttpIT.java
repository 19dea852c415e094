package io.github.redispush.faults;

import java.util.Map;

/**
 * {@link GracefulShutdownIT} with push.delivery.client=vertx-http: the pushes in flight when SIGTERM comes have left the
 * deliverers' threads, and still finish (or are handed back) before the process exits.
 */
class GracefulShutdownOnVertxHttpIT extends GracefulShutdownIT {

    @Override
    protected Map<String, String> appProperties() {
        Map<String, String> p = super.appProperties();
        p.put("push.delivery.client", "vertx-http");
        return p;
    }
}
