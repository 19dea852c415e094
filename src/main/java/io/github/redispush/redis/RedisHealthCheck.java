package io.github.redispush.redis;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Readiness: DOWN while Redis does not answer a PING, so a load balancer stops sending intake traffic to an
 * instance that cannot queue it. Not a liveness check: the routes recover by themselves when Redis returns,
 * and restarting the process would not help.
 */
public class RedisHealthCheck extends AbstractHealthCheck {

    private final RedisConnectionFactory connections;
    private final String target;

    /** One check per pipeline ({@code redis-<push.pipeline>}): embedded pipelines may use different servers. */
    public RedisHealthCheck(String pipeline, RedisConnectionFactory connections, String target) {
        super("redis-push", "redis-" + pipeline);
        this.connections = connections;
        this.target = target;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("redis", target);
        try (RedisConnection connection = connections.getConnection()) {
            String pong = connection.ping();
            if ("PONG".equalsIgnoreCase(pong)) {
                builder.up();
            } else {
                builder.message("unexpected answer to PING: " + pong).down();
            }
        } catch (RuntimeException e) {
            builder.message("Redis unreachable: " + e.getMessage()).error(e).down();
        }
    }
}
