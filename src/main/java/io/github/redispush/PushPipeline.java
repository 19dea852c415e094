package io.github.redispush;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.redispush.config.DeliveryClient;
import io.github.redispush.config.DocumentedDefaults;
import io.github.redispush.config.PushSettings;
import io.github.redispush.config.RongCloudSettings;
import io.github.redispush.redis.RedisConnections;
import org.apache.camel.CamelContext;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a push pipeline to a CamelContext you own, without the camel-main launcher: the same YAML routes the jar
 * runs (worker and redelivery, packaged from {@code routes/}) and their beans. Each pipeline has a name and its own
 * {@code push.*} properties, so one context can drain several queues, each to its own provider:
 *
 * <pre>
 * PushPipeline.addTo(context, "orders", Map.of(
 *         "push.redis.url", "redis://127.0.0.1:6379",
 *         "push.queue.push", "orders_push_queue", "push.queue.temp", "orders_temp_queue",
 *         "push.queue.dead-letter", "orders_dead_letter",
 *         "push.url", "https://push.example.com/send"));
 * </pre>
 *
 * Its route ids are {@code <name>-reliable-move}, {@code <name>-deliver}...; properties not given take the
 * documented defaults (the packaged application.properties). The HTTP intake, the dead-letter HTTP operations and
 * the demo belong to the launcher; an embedded pipeline's dead letters are managed over JMX.
 */
public final class PushPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(PushPipeline.class);

    private static final String PACKAGED = "redis-push/";
    /**
     * The routes that make a pipeline, and every provider route (push.provider picks the one it calls);
     * errors.camel.yaml holds the error handling they share.
     */
    private static final List<String> ROUTES = List.of("worker.camel.yaml", "redelivery.camel.yaml", "providers/*.camel.yaml");
    private static final String ERRORS = "errors.camel.yaml";
    private static final String ERRORS_ID = "push-errors";
    private static final String TEMPLATE_PREFIX = "redis-push.";

    private PushPipeline() {
    }

    /**
     * Binds the pipeline's beans and adds its routes; they start with the context (or at once if it runs).
     *
     * @param properties {@code push.*} properties; {@code push.redis.url} and {@code push.url} are required
     * @return the settings the pipeline runs with
     */
    public static PushSettings addTo(CamelContext context, String name, Map<String, String> properties) throws Exception {
        Map<String, Object> resolved = new HashMap<>(DocumentedDefaults.push());
        resolved.putAll(properties);
        resolved.put("push.pipeline", name);
        PushSettings settings = PushSettings.from(key -> (String) resolved.get(key));
        if (settings.embeddedRedis()) {
            throw new IllegalArgumentException("pipeline " + name + ": set push.redis.url; starting a Redis of its own is for the launcher's demo");
        }
        RongCloudSettings rongCloud = RongCloudSettings.from(key -> (String) resolved.get(key));
        if (settings.noPushUrl() && !rongCloud.rongCloud()) {
            throw new IllegalArgumentException("pipeline " + name + ": set push.url, the push provider's endpoint");
        }
        PushBeans.bindPipeline(context, settings, rongCloud, settings.redisUrl());
        resolved.put(DeliveryClient.URI_PREFIX_PROPERTY, settings.deliveryClient().uriPrefix());

        ModelCamelContext model = (ModelCamelContext) context;
        addErrorHandling(model);
        for (String routeId : templates(model)) {
            TemplatedRouteBuilder.builder(context, TEMPLATE_PREFIX + routeId).routeId(name + "-" + routeId)
                    .parameters(resolved).add();
        }
        LOG.info("pipeline {}: Redis {} db {}: {} -> {}, dead letters in {}; pushes go to {}", name,
                RedisConnections.redacted(settings.redisUrl()), settings.redisDb(), settings.pushQueue(), settings.tempQueue(),
                settings.deadLetterQueue(), PushBeans.destination(settings, rongCloud));
        return settings;
    }

    /** The error handling every pipeline's routes share (they opt in by routeConfigurationId), once per context. */
    private static synchronized void addErrorHandling(ModelCamelContext model) throws Exception {
        if (model.getRouteConfigurationDefinition(ERRORS_ID) == null) {
            for (RoutesBuilder builder : load(model, ERRORS)) {
                ((RouteConfigurationsBuilder) builder).addRouteConfigurationsToCamelContext(model);
            }
        }
    }

    /**
     * Each packaged route as a route template (once per context), so every pipeline gets its own copy whose
     * {@code {{push.*}}} placeholders Camel resolves from that pipeline's properties first, as for any templated
     * route. The YAML files stay plain routes: that is what the launcher runs and what users edit and reload.
     */
    private static synchronized List<String> templates(ModelCamelContext model) throws Exception {
        if (model.getRouteTemplateDefinitions().stream().noneMatch(t -> t.getId().startsWith(TEMPLATE_PREFIX))) {
            for (String file : ROUTES) {
                for (RoutesBuilder builder : load(model, file)) {
                    RouteBuilder routes = (RouteBuilder) builder;
                    routes.configureRoutes(model);
                    for (RouteDefinition route : routes.getRouteCollection().getRoutes()) {
                        RouteTemplateDefinition template = new RouteTemplateDefinition();
                        template.setId(TEMPLATE_PREFIX + route.getRouteId());
                        template.setRoute(route);
                        model.addRouteTemplateDefinition(template);
                    }
                }
            }
        }
        return model.getRouteTemplateDefinitions().stream().map(RouteTemplateDefinition::getId)
                .filter(id -> id.startsWith(TEMPLATE_PREFIX)).map(id -> id.substring(TEMPLATE_PREFIX.length())).toList();
    }

    /** @param file a file name under the packaged routes, or a pattern such as {@code providers/*.camel.yaml} */
    private static java.util.Collection<RoutesBuilder> load(CamelContext context, String file) throws Exception {
        String location = "classpath:" + PACKAGED + "routes/" + file;
        java.util.Collection<Resource> resources = file.contains("*")
                ? PluginHelper.getPackageScanResourceResolver(context).findResources(location)
                : List.of(PluginHelper.getResourceLoader(context).resolveResource(location));
        return PluginHelper.getRoutesLoader(context).findRoutesBuilders(resources);
    }
}
