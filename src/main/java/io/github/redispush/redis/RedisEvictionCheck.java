package io.github.redispush.redis;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while Redis may evict any key ({@code maxmemory-policy allkeys-*}) and
 * {@code push.redis.allow-eviction} does not accept it, so the instance takes no more intake traffic into a Redis
 * that may lose it. Not a liveness check: a restart would change nothing.
 */
public class RedisEvictionCheck extends AbstractHealthCheck {

    private final EvictionWatch watch;

    /** One check per pipeline ({@code redis-eviction-<push.pipeline>}), as the pipelines may use different servers. */
    public RedisEvictionCheck(String pipeline, EvictionWatch watch) {
        super("redis-push", "redis-eviction-" + pipeline);
        this.watch = watch;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("redis", watch.target());
        EvictionPolicy policy = watch.check();
        if (policy != null) {
            builder.detail("maxmemory_policy", policy.describe());
        }
        if (watch.endangers(policy)) {
            builder.message("Redis may evict any key (maxmemory-policy " + policy.describe() + "): message values and queue lists"
                    + " could be lost; set noeviction or volatile-*, or push.redis.allow-eviction=true").down();
        } else {
            builder.up();
        }
    }
}
