package io.github.redispush.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.Suspendable;
import org.apache.camel.support.service.ServiceHelper;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import redis.clients.jedis.Jedis;

/**
 * Lets a test's CamelContext stop without waiting on an idle worker. On an empty push queue reliable-move blocks in
 * BRPOPLPUSH for up to push.move.block-seconds, and Camel's shutdown strategy looks at the exchanges in flight once a
 * second: an idle pipeline took one to two seconds to stop, after every test. Here the movers' consumers are suspended
 * first (what the shutdown strategy does first too), then their blocking pops are released with CLIENT UNBLOCK (the
 * command returns nil, as on its timeout), so the shutdown that follows finds nothing in flight. No key is taken,
 * none is lost; what the tests assert is not touched, only the wait after it.
 */
public final class IdleWorkers {

    private IdleWorkers() {
    }

    /**
     * Suspends the context's reliable-move consumers and waits (at most 3 s) until none has an exchange in flight,
     * calling unblock while one has. Does nothing to a context that is not started.
     */
    public static void release(CamelContext context, Runnable unblock) {
        if (context == null || !context.getStatus().isStarted()) {
            return;
        }
        List<Route> movers = context.getRoutes().stream()
                .filter(route -> route.getEndpoint().getEndpointUri().matches("scheduler://[^?]*\\.reliable-move(\\?.*)?"))
                .toList();
        for (Route mover : movers) {
            Consumer consumer = mover.getConsumer();
            if (consumer instanceof Suspendable && ServiceHelper.isStarted(consumer)) {
                ServiceHelper.suspendService(consumer);
            }
        }
        try {
            Awaitility.await().atMost(Duration.ofSeconds(3)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        if (movers.stream().allMatch(mover -> context.getInflightRepository().size(mover.getRouteId()) == 0)) {
                            return true;
                        }
                        unblock.run();
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            // a mover held by busy deliverers: the shutdown waits for it as it always has
        }
    }

    /** CLIENT UNBLOCK for each client of this server blocked in BRPOPLPUSH: the pop returns nil at once. */
    public static void unblockBlockingPops(Jedis jedis) {
        for (String line : jedis.clientList().split("\n")) {
            Map<String, String> fields = new HashMap<>();
            for (String field : line.trim().split(" ")) {
                int equals = field.indexOf('=');
                if (equals > 0) {
                    fields.put(field.substring(0, equals), field.substring(equals + 1));
                }
            }
            if ("brpoplpush".equals(fields.get("cmd")) && fields.getOrDefault("flags", "").contains("b")) {
                jedis.clientUnblock(Long.parseLong(fields.get("id")));
            }
        }
    }
}
