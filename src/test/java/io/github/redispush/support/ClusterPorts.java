package io.github.redispush.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for cluster nodes. A node also listens on its port + 10,000 (the cluster bus), which a port the OS hands out
 * (32768-60999 here) can put past 65535, or onto a port a client socket or another test's node takes meanwhile: a
 * full run once failed on "bind: Address already in use" for a bus port. These are drawn below the OS's range
 * (12,000 to 22,000, bus 22,000 to 32,000), where no client socket lands, both checked free, and never handed out
 * twice in this JVM (tests run side by side).
 */
public final class ClusterPorts {

    private static final int LOWEST = 12_000;
    private static final int SPAN = 10_000;
    private static final int BUS_OFFSET = 10_000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private ClusterPorts() {
    }

    public static synchronized int next() {
        for (int tries = 0; tries < 1000; tries++) {
            int port = LOWEST + ThreadLocalRandom.current().nextInt(SPAN);
            if (!HANDED_OUT.contains(port) && !HANDED_OUT.contains(port + BUS_OFFSET) && free(port) && free(port + BUS_OFFSET)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port pair (port and port + 10000) between " + LOWEST + " and " + (LOWEST + SPAN));
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
