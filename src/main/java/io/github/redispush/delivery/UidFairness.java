package io.github.redispush.delivery;

import java.util.concurrent.atomic.LongAdder;

import io.github.redispush.PushExchange;
import io.github.redispush.config.UidRateLimit;
import io.github.redispush.queue.PushKey;
import io.github.redispush.queue.PushQueueStore;
import org.apache.camel.Exchange;

/**
 * push.rate.per-uid, asked by {@code deliver} before each send: a uid over its limit has its push deferred to the
 * schedule, to the next of its windows with a free slot, so a noisy uid's backlog waits its turn in Redis while the
 * others' pushes go by (docs/per-uid-fairness.md). One script per push, no HTTP; off (the default), no Redis call.
 */
public class UidFairness {

    /** Exchange property: what {@link #defers} decided, a {@link PushQueueStore.UidSlot}, for the route's log line. */
    public static final String UID_SLOT = "uidSlot";

    private final PushQueueStore store;
    private final UidRateLimit limit;
    private final LongAdder deferred = new LongAdder();

    /** @param limit null: off */
    public UidFairness(PushQueueStore store, UidRateLimit limit) {
        this.store = store;
        this.limit = limit;
    }

    /** True when this push is not to be sent now: deferred to a later window, or another worker's claim by now. */
    public boolean defers(Exchange exchange) {
        if (limit == null) {
            return false;
        }
        PushKey parts = exchange.getProperty(PushExchange.PUSH_KEY_PARTS, PushKey.class);
        PushQueueStore.UidSlot slot = store.takeUidSlot(exchange.getProperty(PushExchange.PUSH_KEY, String.class),
                exchange.getProperty(PushExchange.CLAIM_TOKEN, "", String.class), parts.uid(), limit);
        if (slot.sendNow()) {
            return false;
        }
        if (slot.deferred()) {
            deferred.increment();
        }
        exchange.setProperty(UID_SLOT, slot);
        return true;
    }

    public boolean on() {
        return limit != null;
    }

    /** Pushes this instance deferred since start. */
    public long deferred() {
        return deferred.sum();
    }
}
