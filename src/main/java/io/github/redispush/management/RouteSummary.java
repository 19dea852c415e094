package io.github.redispush.management;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** On start, one line per route: where it takes messages from and what it does with them (its description). */
public class RouteSummary implements ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSummary.class);

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        for (Route route : context.getRoutes()) {
            LOG.info("route {}: {} -> {}", route.getRouteId(), route.getEndpoint().getEndpointBaseUri(),
                    route.getDescription() == null ? "(no description)" : route.getDescription());
        }
    }
}
