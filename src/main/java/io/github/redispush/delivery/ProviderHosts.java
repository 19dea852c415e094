package io.github.redispush.delivery;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import io.github.redispush.redis.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's hosts, tried one at a time, as RongCloud's server SDKs do with their two hosts per region: on a
 * connection error, a timeout or a 5xx, the next pushes go to the next host and stay there. Unlike the SDKs, the first
 * host is tried again after a while ({@code push.rongcloud.first-host-retry-ms}), so a brief fault on it does not move
 * the traffic to the backup for good.
 * <p>
 * Several deliverers may see the same host fail at once; only the first report switches (the others name a host that
 * is no longer the current one), so each switch is logged once. When every host fails, the current one is kept for
 * {@link #MIN_STAY} before the next switch.
 */
public class ProviderHosts {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderHosts.class);
    /**
     * A host switched to is kept at least this long, as RongCloud's Go SDK switches at most once per 30 s: when every
     * host fails, the pushes in flight would otherwise bounce between them, one log line each, until the breaker halts.
     */
    static final Duration MIN_STAY = Duration.ofSeconds(5);

    private final List<String> hosts;
    private final long firstHostRetryNanos;
    private final LongSupplier nanoClock;
    private int current;
    private boolean switched;
    private long switchedAt;

    public ProviderHosts(List<String> hosts, Duration firstHostRetry) {
        this(hosts, firstHostRetry, System::nanoTime);
    }

    ProviderHosts(List<String> hosts, Duration firstHostRetry, LongSupplier nanoClock) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a push provider needs at least one host");
        }
        this.hosts = List.copyOf(hosts);
        this.firstHostRetryNanos = firstHostRetry.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The host (scheme, host and port, no trailing slash) the next push goes to. */
    public synchronized String current() {
        if (current != 0 && nanoClock.getAsLong() - switchedAt >= firstHostRetryNanos) {
            LOG.info("push provider: trying the first host {} again ({} ms after switching away from it)",
                    shown(hosts.get(0)), Duration.ofNanos(nanoClock.getAsLong() - switchedAt).toMillis());
            current = 0;
        }
        return hosts.get(current);
    }

    /** A push to {@code host} failed in a way that says the host is unavailable: later pushes go to the next host. */
    public synchronized void switchFrom(String host, String reason) {
        if (hosts.size() < 2 || !hosts.get(current).equals(host)
                || switched && nanoClock.getAsLong() - switchedAt < MIN_STAY.toNanos()) {
            return;
        }
        int next = (current + 1) % hosts.size();
        LOG.warn("push provider host {} is unavailable ({}): the next pushes go to {}", shown(host), reason, shown(hosts.get(next)));
        current = next;
        switched = true;
        switchedAt = nanoClock.getAsLong();
    }

    /** The host answered that it is failing (a 5xx, or RongCloud's code 1000 or 1050): later pushes go to the next host. */
    public void switchFrom(String host, int status, Integer code) {
        switchFrom(host, "HTTP " + status + (code == null ? "" : ", code " + code));
    }

    /** For a route's doCatch: switches away from {@code host}, then throws the failure on to the error handler. */
    public void failedOver(String host, Exception failure) throws Exception {
        switchFrom(host, FailureReason.of(failure));
        throw failure;
    }

    public List<String> hosts() {
        return hosts;
    }

    private static String shown(String host) {
        return RedisConnections.redactedHttp(host);
    }

    @Override
    public String toString() {
        return "ProviderHosts" + hosts.stream().map(ProviderHosts::shown).toList();
    }
}
