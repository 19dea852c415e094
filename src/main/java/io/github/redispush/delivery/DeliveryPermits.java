package io.github.redispush.delivery;

import java.util.concurrent.Semaphore;

import io.github.redispush.config.DeliveryClient;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The bound on pushes in flight when the delivery client does not hold a thread per push (vertx-http): the mover
 * takes a permit before it hands a claim to the deliverers, and the permit comes back when that claim's exchange is
 * done (delivered, retried later, dead-lettered or handed back). With every permit out the mover waits, so it claims
 * nothing more, as it waits on a full deliverers' queue with camel-http. The permit's release travels with the
 * exchange: seda hands the mover's completions over to the copy the deliverers process.
 */
public final class DeliveryPermits {

    private final int permits;
    /** null: no bound here (camel-http: the deliverer threads are the bound) */
    private final Semaphore available;

    private DeliveryPermits(int permits, Semaphore available) {
        this.permits = permits;
        this.available = available;
    }

    /** For the delivery client: permits for an asynchronous one, none needed for a blocking one. */
    public static DeliveryPermits forClient(DeliveryClient client, int concurrency) {
        return client.asynchronous() ? new DeliveryPermits(concurrency, new Semaphore(concurrency, true)) : new DeliveryPermits(concurrency, null);
    }

    /** Waits for a permit and ties its return to the end of this exchange (or the copy it is handed over to). */
    public void take(Exchange exchange) throws InterruptedException {
        if (available == null) {
            return;
        }
        available.acquire();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                available.release();
            }
        });
    }

    /** Pushes handed to the deliverers and not done yet (0 when there is no bound here). */
    public int inFlight() {
        return available == null ? 0 : permits - available.availablePermits();
    }
}
