package io.github.redispush.delivery;

import io.github.redispush.queue.PushQueueStore;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The push provider's rate cap ({@code push.rate.limit-per-second}), shared by every instance of the pipeline
 * through Redis ({@code reserveSendSlot-1.lua}): before each POST, first or retried, the deliverer reserves the next
 * send slot and waits for it on its own thread, so the deliverer pool still bounds the work in flight. Off (no
 * Redis call) when the limit is 0.
 */
public class RateLimit implements Processor {

    private final PushQueueStore store;
    private final double intervalMillis;

    public RateLimit(PushQueueStore store, int perSecond) {
        this.store = store;
        this.intervalMillis = perSecond > 0 ? 1000.0 / perSecond : 0;
    }

    /** Waits for this push's send slot. */
    @Override
    public void process(Exchange exchange) throws InterruptedException {
        if (intervalMillis > 0) {
            long wait = store.reserveSendSlot(intervalMillis, 0);
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
    }

    /** The provider answered 429 with a Retry-After: no instance sends again before it has passed. */
    public void pauseFor(long millis) {
        if (intervalMillis > 0 && millis > 0) {
            store.reserveSendSlot(intervalMillis, millis);
        }
    }
}
