package io.github.redispush;

import java.util.Properties;

/**
 * {@link HttpsPushSettingsTest} with push.delivery.client=vertx-http: a push to an https URL with a port goes over TLS
 * (vertx-http alone would send it as plain HTTP), trusting what Camel's global SSL settings trust when told to, as the
 * https component does here.
 */
class HttpsPushOnVertxHttpTest extends HttpsPushSettingsTest {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.delivery.client", "vertx-http");
        p.put("camel.component.vertx-http.use-global-ssl-context-parameters", "true");
        return p;
    }
}
