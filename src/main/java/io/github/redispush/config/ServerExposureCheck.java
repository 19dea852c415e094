package io.github.redispush.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.github.redispush.InvalidConfigurationException;

/**
 * Refuses to open the intake and the operations to other machines by accident: {@code camel.server.host} beyond
 * loopback needs both {@code push.intake.token} (who may queue pushes) and {@code push.ops.token} (who may requeue,
 * purge and pause), unless {@code push.http.trusted-network=true} says the network in front does that job (a
 * gateway that authenticates, a private network). The management server (health, metrics) is not part of this: it
 * has its own host and port so a probe can reach it without the rest.
 */
public final class ServerExposureCheck {

    static final String TRUSTED_NETWORK = "push.http.trusted-network";

    private ServerExposureCheck() {
    }

    /**
     * @param property the configuration, by property name (null when unset)
     * @return the start log's line when an open server was accepted through push.http.trusted-network
     */
    public static Optional<String> check(Function<String, String> property) {
        String host = text(property.apply("camel.server.host"), "0.0.0.0");
        if (loopback(host)) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (text(property.apply("push.intake.token"), "").isEmpty()) {
            missing.add("push.intake.token");
        }
        if (text(property.apply("push.ops.token"), "").isEmpty()) {
            missing.add("push.ops.token");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String trusted = text(property.apply(TRUSTED_NETWORK), "false");
        if (!trusted.equalsIgnoreCase("true") && !trusted.equalsIgnoreCase("false")) {
            throw new InvalidConfigurationException(TRUSTED_NETWORK + " must be true or false, got '" + trusted + "'");
        }
        if (Boolean.parseBoolean(trusted)) {
            return Optional.of("camel.server.host=" + host + " is reachable from other machines without " + String.join(" and ", missing)
                    + ", accepted by " + TRUSTED_NETWORK + "=true");
        }
        throw new InvalidConfigurationException("camel.server.host=" + host + " is reachable from other machines, and "
                + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " empty: anyone who reaches it could queue"
                + " pushes or requeue, purge and pause; set push.intake.token and push.ops.token (PUSH_INTAKE_TOKEN, PUSH_OPS_TOKEN),"
                + " or bind camel.server.host to 127.0.0.1, or set " + TRUSTED_NETWORK + "=true if the network in front is trusted");
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException unresolved) {
            return false; // it cannot be bound either, but that is the server's message to give
        }
    }

    private static String text(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
