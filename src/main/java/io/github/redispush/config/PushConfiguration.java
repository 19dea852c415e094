package io.github.redispush.config;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** camel-main's hook: binds the pipeline's beans before the YAML routes are loaded. */
public class PushConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        if (properties.resolveProperty("camel.server.enabled").map(v -> Boolean.parseBoolean(v.trim())).orElse(false)) {
            HttpPortCheck.check(properties.resolveProperty("camel.server.host").orElse("0.0.0.0").trim(),
                    Integer.parseInt(properties.resolveProperty("camel.server.port").orElse("8080").trim()));
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
}
