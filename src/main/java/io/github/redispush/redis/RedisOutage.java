package io.github.redispush.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a Redis outage once when it starts and once when it ends, rather than a line on every poll while the
 * routes retry. Also answers "is Redis reachable?" for whoever asks (health checks, JMX).
 */
public class RedisOutage {

    private static final Logger LOG = LoggerFactory.getLogger(RedisOutage.class);

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong downSince = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /** A Redis call failed for want of a connection. */
    public void failed(String reason) {
        failures.incrementAndGet();
        if (reason != null && reason.contains("READONLY")) {
            // a failover under way: the server this connection reaches has just been made a replica
            reason = "READONLY: the server is a replica now, a failover is under way";
        }
        if (down.compareAndSet(false, true)) {
            downSince.set(System.currentTimeMillis());
            LOG.warn("Redis unavailable ({}); retrying every poll, keys stay claimed and nothing is lost", reason);
        }
    }

    /** A Redis call succeeded. Cheap enough for every message: a volatile read when nothing changed. */
    public void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info("Redis is back after {} ms", System.currentTimeMillis() - downSince.get());
        }
    }

    public boolean isDown() {
        return down.get();
    }

    /** Failed Redis calls seen since start, outages or not. */
    public long failures() {
        return failures.get();
    }
}
