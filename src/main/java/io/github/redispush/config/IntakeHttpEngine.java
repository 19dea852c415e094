package io.github.redispush.config;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * platform-http's engine, told which server the routes' endpoints belong to. With a management server of its own
 * ({@code camel.management.port} apart from {@code camel.server.port}) Camel 4.17 runs two Vert.x servers, and
 * {@link VertxPlatformHttpEngine#getServerPort()} looks for the single server, configuration or router in the
 * registry: there are two of each, so it answers 8080, and every route fails to start with "No PlatformHttpEngine
 * created and setup in registry with name: platform-http-router-8080" (measured on the jar with ports 18080 and
 * 18081) unless the intake happens to be on 8080. Bound as {@code platform-http-engine}, the name the platform-http
 * component looks up before its own factory.
 */
public class IntakeHttpEngine extends VertxPlatformHttpEngine {

    /** The registry name PlatformHttpComponent looks an engine up by. */
    public static final String REGISTRY_NAME = "platform-http-engine";

    private final int serverPort;

    public IntakeHttpEngine(int serverPort) {
        this.serverPort = serverPort;
    }

    @Override
    public int getServerPort() {
        return serverPort;
    }
}
