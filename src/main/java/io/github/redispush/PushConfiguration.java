package io.github.redispush;

import java.util.function.Function;

import io.github.redispush.config.HttpPortCheck;
import io.github.redispush.config.IntakeHttpEngine;
import io.github.redispush.config.PushSettings;
import io.github.redispush.config.ServerExposureCheck;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.LoggerFactory;

/** camel-main's hook: binds the pipeline's beans before the YAML routes are loaded. */
public class PushConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Function<String, String> property = name -> properties.resolveProperty(name).map(String::trim).orElse(null);
        if (Boolean.parseBoolean(property.apply("camel.server.enabled"))) {
            ServerExposureCheck.check(property).ifPresent(LoggerFactory.getLogger(PushConfiguration.class)::info);
            String host = orElse(property.apply("camel.server.host"), "0.0.0.0");
            int port = port(property, "camel.server.port", "8080");
            HttpPortCheck.check(host, port);
            if (Boolean.parseBoolean(property.apply("camel.management.enabled"))) {
                int managementPort = port(property, "camel.management.port", "9876");
                if (managementPort != port) {
                    HttpPortCheck.check("camel.management.port", orElse(property.apply("camel.management.host"), "0.0.0.0"), managementPort);
                }
            }
            // the routes' platform-http endpoints belong to camel.server.port, also when the management server runs apart
            context.getRegistry().bind(IntakeHttpEngine.REGISTRY_NAME, new IntakeHttpEngine(port));
        }
        try {
            PushBeans.bindTo(context);
        } catch (InvalidConfigurationException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // PushSettings and RedisConnections refuse a value with a message that names its property
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    private static int port(Function<String, String> property, String name, String fallback) {
        String value = orElse(property.apply(name), fallback);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(name + " must be a port number, got '" + value + "'");
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
