package io.github.redispush.management;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.Route;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On start, one line per route: where it takes messages from and what it does with them (its description). An
 * HTTP route shows the address the server is bound to, and a last line the management server's address and endpoints. Camel's
 * own HTTP summary is silenced in log4j2.properties: it prints {@code http://0.0.0.0:<port>} whatever the bind
 * address ({@code camel.server.host}).
 */
public class RouteSummary implements ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSummary.class);
    private static final String PLATFORM_HTTP = "platform-http:";

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        String server = serverAddress(context);
        for (Route route : context.getRoutes()) {
            LOG.info("route {}: {} -> {}", route.getRouteId(), from(route.getEndpoint().getEndpointBaseUri(), server),
                    route.getDescription() == null ? "(no description)" : route.getDescription());
        }
        if (server != null) {
            List<String> management = new ArrayList<>();
            PropertiesComponent properties = context.getPropertiesComponent();
            if (enabled(properties, "camel.management.health-check-enabled")) {
                management.add("/observe/health");
            }
            if (enabled(properties, "camel.management.metrics-enabled")) {
                management.add("/observe/metrics");
            }
            if (enabled(properties, "camel.management.jolokia-enabled")) {
                management.add(properties.resolveProperty("camel.management.jolokia-path").orElse("/observe/jolokia"));
            }
            String managementServer = address(properties.resolveProperty("camel.management.host").orElse("0.0.0.0"),
                    properties.resolveProperty("camel.management.port").orElse("9876"));
            LOG.info("HTTP server on {}{}", server, !enabled(properties, "camel.management.enabled") || management.isEmpty() ? ""
                    : "; management on " + managementServer + ": " + String.join(", ", management));
        }
    }

    /** http://host:port of camel-main's HTTP server, or null when there is none (an embedding application). */
    static String serverAddress(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        if (!enabled(properties, "camel.server.enabled")) {
            return null;
        }
        String host = properties.resolveProperty("camel.server.host").orElse("0.0.0.0");
        String port = properties.resolveProperty("camel.server.port").orElse("8080");
        return address(host, port);
    }

    private static String address(String host, String port) {
        host = host.trim();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port.trim();
    }

    static String from(String endpointBaseUri, String server) {
        if (server == null || !endpointBaseUri.startsWith(PLATFORM_HTTP)) {
            return endpointBaseUri;
        }
        String path = endpointBaseUri.substring(PLATFORM_HTTP.length()).replaceFirst("^/+", "/");
        return server + URLDecoder.decode(path, StandardCharsets.UTF_8);
    }

    private static boolean enabled(PropertiesComponent properties, String name) {
        return properties.resolveProperty(name).map(v -> Boolean.parseBoolean(v.trim())).orElse(false);
    }
}
