package io.github.redispush.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.github.redispush.InvalidConfigurationException;

/**
 * Fails the start when {@code camel.server.port} or {@code camel.management.port} is taken (say, by the previous
 * instance still inside its shutdown timeout). Camel 4.17 only logs Vert.x's "Address already in use" and runs on
 * without its intake, or its health and metrics, while a health probe on that port reaches the other process.
 * Checked before anything starts; an instance that takes the port in the moment between this check and the bind is
 * not caught.
 */
public final class HttpPortCheck {

    private HttpPortCheck() {
    }

    public static void check(String host, int port) {
        check("camel.server.port", host, port);
    }

    /** @param property the property that names the port, for the message */
    public static void check(String property, String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            // as Vert.x binds: address reuse on, so a port left in TIME_WAIT by a stopped instance counts as free
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new InvalidConfigurationException(property + ": cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); another process holds it, perhaps a previous instance still shutting down");
        }
    }
}
