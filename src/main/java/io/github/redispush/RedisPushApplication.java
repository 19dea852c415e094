package io.github.redispush;

import org.apache.camel.main.Main;

/** The camel-main launcher: routes come from {@code routes/*.yaml}, configuration from application.properties. */
public final class RedisPushApplication {

    private RedisPushApplication() {
    }

    public static void main(String... args) throws Exception {
        // the package scan from this class finds PushConfiguration, which binds the beans the routes call
        System.exit(new Main(RedisPushApplication.class).run(args));
    }
}
