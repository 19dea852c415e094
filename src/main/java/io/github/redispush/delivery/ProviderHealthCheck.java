package io.github.redispush.delivery;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN, with the reason, while the provider breaker halts delivery (the provider is down, or refuses our
 * credentials). Not a liveness check: delivery resumes by itself once a probe push is accepted, and a restart would
 * not fix the provider (it does pick up a corrected secret, see docs/provider-faults.md).
 */
public class ProviderHealthCheck extends AbstractHealthCheck {

    private final ProviderBreaker breaker;

    /** One check per pipeline ({@code provider-<push.pipeline>}). */
    public ProviderHealthCheck(String pipeline, ProviderBreaker breaker) {
        super("redis-push", "provider-" + pipeline);
        this.breaker = breaker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("outage", breaker.state("outage"));
        builder.detail("credentials", breaker.state("credentials"));
        String halted = breaker.haltReason();
        if (halted == null) {
            builder.up();
        } else {
            builder.message(halted).down();
        }
    }
}
