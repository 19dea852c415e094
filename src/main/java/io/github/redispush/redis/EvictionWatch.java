package io.github.redispush.redis;

import io.github.redispush.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Watches Redis's eviction policy for one pipeline: refuses the start under {@code allkeys-*} unless
 * {@code push.redis.allow-eviction=true}, and afterwards reads it again with each health check and dashboard refresh,
 * logging one ERROR when it turns to {@code allkeys-*} (not one per check) and one line when it turns back.
 */
public class EvictionWatch {

    private static final Logger LOG = LoggerFactory.getLogger(EvictionWatch.class);
    static final String ALLOW = "push.redis.allow-eviction";

    private final RedisConnectionFactory connections;
    private final String target;
    private final boolean allowed;
    private volatile EvictionPolicy last;
    private boolean reported;

    /**
     * @param target the Redis, redacted, for messages
     * @param allowed {@code push.redis.allow-eviction}: the operator accepts the risk
     */
    public EvictionWatch(RedisConnectionFactory connections, String target, boolean allowed) {
        this.connections = connections;
        this.target = target;
        this.allowed = allowed;
    }

    /**
     * At start: refuses an {@code allkeys-*} policy unless allowed. A Redis that does not answer yet is left to the
     * routes, which wait for it, and to the health checks, which read the policy once it answers.
     */
    public void checkAtStart() {
        EvictionPolicy policy;
        try {
            policy = EvictionPolicy.read(connections);
        } catch (RuntimeException notYet) {
            return;
        }
        last = policy;
        if (!policy.evictsAnyKey()) {
            return;
        }
        if (!allowed) {
            throw new InvalidConfigurationException("Redis at " + target + " has maxmemory-policy " + policy.describe() + ": " + cost()
                    + "; set maxmemory-policy to noeviction (or volatile-*), or set " + ALLOW + "=true to accept the risk");
        }
        synchronized (this) {
            reported = true;
        }
        LOG.warn("Redis at {} has maxmemory-policy {}, accepted by {}=true: {}", target, policy.describe(), ALLOW, cost());
    }

    /** Reads the policy now; the last one read when Redis does not answer (null if it never did). */
    public EvictionPolicy check() {
        EvictionPolicy policy;
        try {
            policy = EvictionPolicy.read(connections);
        } catch (RuntimeException redisAway) {
            return last; // the redis-<pipeline> check reports an unreachable Redis
        }
        last = policy;
        boolean risky = policy.evictsAnyKey();
        synchronized (this) {
            if (risky && !reported) {
                reported = true;
                if (allowed) {
                    LOG.warn("Redis at {} now has maxmemory-policy {}, accepted by {}=true: {}", target, policy.describe(), ALLOW, cost());
                } else {
                    LOG.error("Redis at {} now has maxmemory-policy {}: {}; readiness is DOWN until it is noeviction or volatile-*"
                            + " (or {}=true accepts the risk)", target, policy.describe(), cost(), ALLOW);
                }
            } else if (!risky && reported) {
                reported = false;
                LOG.info("Redis at {} has maxmemory-policy {} again: no key of the pipeline can be evicted", target, policy.describe());
            }
        }
        return policy;
    }

    /** The policy would cost messages, and the operator has not accepted that. */
    public boolean endangers(EvictionPolicy policy) {
        return policy != null && policy.evictsAnyKey() && !allowed;
    }

    public boolean allowed() {
        return allowed;
    }

    public String target() {
        return target;
    }

    private static String cost() {
        return "when memory runs short Redis may evict any key, so a message's value would read as already delivered"
                + " and a whole queue list could vanish";
    }
}
