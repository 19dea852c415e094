package io.github.redispush.delivery;

import io.github.redispush.PushExchange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that the push provider itself is down, or refuses our credentials, and halts delivery instead of spending
 * the messages' attempts on it. Two resilience4j circuit breakers, one per kind of halt:
 * <ul>
 * <li>{@code outage}: opens when {@code push.breaker.failure-rate-threshold}% of the last
 * {@code push.breaker.window-size} pushes (at least {@code push.breaker.minimum-calls}) failed because the provider
 * was unreachable, timed out or answered 5xx/408;</li>
 * <li>{@code credentials}: opens on the first 401/403 (or a provider code that means the same): a refusal of our
 * credentials says nothing about the message, and the next push would be refused too.</li>
 * </ul>
 * While one is open, {@code reliable-move} claims nothing ({@link #refusesClaim}), pushes claimed before it opened go
 * back without being sent ({@link #holdsBack}), and failures spend no attempt. Every
 * {@code push.breaker.probe-interval-ms} one claim goes through as a probe (half-open); the provider's answer to it
 * closes the breaker, or opens it again. Its state lives in this process: each instance finds out for itself, with
 * a handful of failed pushes.
 */
public class ProviderBreaker {

    /** Exchange property: the provider's answer to this push was recorded. */
    private static final String RECORDED = "providerAnswerRecorded";

    private static final Logger LOG = LoggerFactory.getLogger(ProviderBreaker.class);

    private final Guard outage;
    private final Guard credentials;
    private final List<Guard> guards;
    private final Duration probeInterval;
    private final LongAdder probes = new LongAdder();

    public ProviderBreaker(int failureRateThreshold, int windowSize, int minimumCalls, Duration probeInterval) {
        this.probeInterval = probeInterval;
        this.outage = new Guard("outage", CircuitBreaker.of("push-provider-outage", config(failureRateThreshold, windowSize, minimumCalls, probeInterval)));
        this.credentials = new Guard("credentials", CircuitBreaker.of("push-provider-credentials", config(100, 1, 1, probeInterval)));
        this.guards = List.of(outage, credentials);
    }

    private static CircuitBreakerConfig config(int failureRate, int window, int minimumCalls, Duration probeInterval) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(Math.min(minimumCalls, window))
                .failureRateThreshold(failureRate)
                .waitDurationInOpenState(probeInterval)
                .permittedNumberOfCallsInHalfOpenState(1)
                // half-open only when the mover asks for a claim: a pipeline with nothing to send sends no probe
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .build();
    }

    /**
     * Asked by {@code reliable-move} before each claim. True while delivery is halted, except once per probe
     * interval: that claim becomes the probe (its permit is handed back if it sends nothing, e.g. on an empty queue).
     */
    public boolean refusesClaim(Exchange exchange) {
        if (!isHalted()) {
            return false;
        }
        List<Guard> permits = new ArrayList<>(2);
        for (Guard guard : guards) {
            if (guard.breaker.getState() != CircuitBreaker.State.CLOSED) {
                if (!guard.breaker.tryAcquirePermission()) {
                    permits.forEach(g -> g.breaker.releasePermission());
                    return true;
                }
                permits.add(guard);
            }
        }
        probes.increment();
        exchange.setProperty(PushExchange.PROVIDER_PROBE, permits);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (!done.getProperty(RECORDED, false, Boolean.class)) {
                    permits.forEach(g -> g.breaker.releasePermission());
                }
            }
        });
        return false;
    }

    /** Asked by {@code deliver} before sending: a push claimed before delivery halted is not sent, only the probe is. */
    public boolean holdsBack(Exchange exchange) {
        return isHalted() && exchange.getProperty(PushExchange.PROVIDER_PROBE) == null;
    }

    /** The provider answered (accepted the push, or refused this one message): it is up and takes our credentials. */
    public void answered(Exchange exchange) {
        exchange.setProperty(RECORDED, true);
        for (Guard guard : guards) {
            guard.breaker.onSuccess(0, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A push failed because the provider is unavailable, or refused our credentials ({@link ProviderCredentialsException}).
     *
     * @return true when delivery is halted now: the push must not spend an attempt
     */
    public boolean failed(Exchange exchange, Throwable failure) {
        Guard guard = failure instanceof ProviderCredentialsException ? credentials : outage;
        guard.reason = FailureReason.of(failure);
        exchange.setProperty(RECORDED, true);
        guard.breaker.onError(0, TimeUnit.NANOSECONDS, failure);
        Object permits = exchange.getProperty(PushExchange.PROVIDER_PROBE);
        if (permits instanceof List<?> held) {
            // the probe's answer says nothing about the other breaker: give its permit back unused
            held.stream().filter(g -> g != guard).forEach(g -> ((Guard) g).breaker.releasePermission());
        }
        // a refusal of our credentials is never the message's fault; and when several pushes fail at once, the
        // ones that lose the race to open the breaker may still see it closed, while its failure rate says open
        return guard == credentials || isHalted()
                || guard.breaker.getMetrics().getFailureRate() >= guard.breaker.getCircuitBreakerConfig().getFailureRateThreshold();
    }

    public boolean isHalted() {
        return outage.breaker.getState() != CircuitBreaker.State.CLOSED || credentials.breaker.getState() != CircuitBreaker.State.CLOSED;
    }

    /** Why delivery is halted, for the health check; null when it is not. */
    public String haltReason() {
        if (credentials.isOpen()) {
            return "the push provider refuses our credentials (" + credentials.reason + ") since " + credentials.openSeconds()
                    + " s: delivery halted; check push.auth.profile, push.auth.app-key and push.auth.secret; a probe push every "
                    + probeInterval.toMillis() + " ms";
        }
        if (outage.isOpen()) {
            return "the push provider is unavailable (" + outage.reason + ") since " + outage.openSeconds()
                    + " s: delivery halted, no attempts spent; a probe push every " + probeInterval.toMillis() + " ms";
        }
        return null;
    }

    /** The breaker's state by name ({@code outage}, {@code credentials}): CLOSED, OPEN or HALF_OPEN. */
    public String state(String name) {
        return (name.equals("credentials") ? credentials : outage).breaker.getState().name();
    }

    /** Probe pushes let through while halted, since start. */
    public long probes() {
        return probes.sum();
    }

    /**
     * Meters, per breaker: {@code redis.push.provider.breaker.state} (0 closed, 1 open, 2 half-open),
     * {@code redis.push.provider.halted.seconds} (time spent open) and {@code redis.push.provider.halts} (times it
     * opened); and {@code redis.push.provider.probes}.
     */
    public void bindTo(MeterRegistry registry, String pipeline) {
        for (Guard guard : guards) {
            Gauge.builder("redis.push.provider.breaker.state", guard, g -> switch (g.breaker.getState()) {
                case CLOSED -> 0;
                case HALF_OPEN -> 2;
                default -> 1;
            }).tag("pipeline", pipeline).tag("breaker", guard.name)
                    .description("0 closed (delivering), 1 open (halted), 2 half-open (a probe is out)").register(registry);
            FunctionCounter.builder("redis.push.provider.halted.seconds", guard, Guard::openSecondsExact)
                    .tag("pipeline", pipeline).tag("breaker", guard.name).description("time delivery spent halted").register(registry);
            FunctionCounter.builder("redis.push.provider.halts", guard.halts, LongAdder::sum)
                    .tag("pipeline", pipeline).tag("breaker", guard.name).description("times delivery was halted").register(registry);
        }
        FunctionCounter.builder("redis.push.provider.probes", probes, LongAdder::sum).tag("pipeline", pipeline)
                .description("probe pushes sent while delivery was halted").register(registry);
    }

    /** One breaker, the reason it last opened, and how long it has been open. */
    private final class Guard {
        final String name;
        final CircuitBreaker breaker;
        final LongAdder halts = new LongAdder();
        final AtomicLong closedOpenNanos = new AtomicLong();
        volatile String reason = "";
        /** System.nanoTime() when it opened; 0 while closed. */
        volatile long openSince;

        Guard(String name, CircuitBreaker breaker) {
            this.name = name;
            this.breaker = breaker;
            breaker.getEventPublisher().onStateTransition(event -> transition(event.getStateTransition()));
        }

        boolean isOpen() {
            return breaker.getState() != CircuitBreaker.State.CLOSED;
        }

        long openSeconds() {
            long since = openSince;
            return since == 0 ? 0 : TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
        }

        double openSecondsExact() {
            long since = openSince;
            long nanos = closedOpenNanos.get() + (since == 0 ? 0 : System.nanoTime() - since);
            return nanos / 1e9;
        }

        private void transition(CircuitBreaker.StateTransition transition) {
            switch (transition) {
                case CLOSED_TO_OPEN -> {
                    openSince = System.nanoTime();
                    halts.increment();
                    if (this == credentials) {
                        LOG.error("the push provider refuses our credentials ({}): delivery HALTED, nothing is dead-lettered and no attempt is spent. "
                                + "Check push.auth.profile, push.auth.app-key and push.auth.secret (PUSH_AUTH_SECRET) against the provider's console; "
                                + "a probe push every {} ms resumes delivery once one is accepted", reason, probeInterval.toMillis());
                    } else {
                        LOG.warn("the push provider is unavailable ({}): breaker OPEN, no keys are claimed and no attempt is spent; "
                                + "a probe push every {} ms", reason, probeInterval.toMillis());
                    }
                }
                case HALF_OPEN_TO_CLOSED -> {
                    long since = openSince;
                    long open = since == 0 ? 0 : System.nanoTime() - since;
                    closedOpenNanos.addAndGet(open);
                    openSince = 0;
                    String took = String.format("%.1f", open / 1e9);
                    if (this == credentials) {
                        LOG.warn("the push provider accepts our credentials again: delivery resumed after {} s halted", took);
                    } else {
                        LOG.warn("the push provider is back: breaker CLOSED after {} s open, delivery resumed", took);
                    }
                }
                case HALF_OPEN_TO_OPEN -> LOG.debug("probe push failed ({}): {} breaker stays open", reason, name);
                default -> LOG.debug("{} breaker: {}", name, transition);
            }
        }
    }
}
