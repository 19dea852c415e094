package io.github.redispush.config;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** camel-main's hook: binds the pipeline's beans before the YAML routes are loaded. */
public class PushConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PushBeans.bindTo(context);
    }
}
