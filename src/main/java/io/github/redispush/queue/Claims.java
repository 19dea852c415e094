package io.github.redispush.queue;

import io.github.redispush.PushExchange;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.github.redispush.redis.StrictUtf8Serializer;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * The claims this process holds: a lease is taken right after the reliable move and kept alive for as long as
 * the exchange carrying the key is in flight, however slow the push provider is. When the exchange completes
 * (delivered, dead-lettered, or retries spent) renewing stops; if the process dies, it stops too, and the
 * redeliver route re-queues the key once the lease has run out.
 */
public class Claims {


    private static final Logger LOG = LoggerFactory.getLogger(Claims.class);

    private static final StrictUtf8Serializer UTF8 = new StrictUtf8Serializer();

    private final PushQueueStore store;
    /** key by token: one key may be claimed twice here when a producer queued it twice */
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();
    private final LongAdder taken = new LongAdder();
    /** most keys claimed in one round trip */
    private final int batchSize;
    /** push.move.block-seconds: how long the blocking pop waits on an empty push queue */
    private final Duration moveBlock;
    private final String processId = UUID.randomUUID().toString();
    private final AtomicLong claims = new AtomicLong();

    public Claims(PushQueueStore store, int batchSize, Duration moveBlock) {
        this.store = store;
        this.batchSize = batchSize;
        this.moveBlock = moveBlock;
    }

    /**
     * The reliable move: claims the next keys ({@link #claimBatch}), and when the push queue is empty waits for one as
     * the PHP worker does, with BRPOPLPUSH for at most push.move.block-seconds (short, so suspend and shutdown take
     * effect within a second or two), then leases it and reads its value in one round trip. Leaves the claims in the
     * body as a list, or null when no key came.
     */
    public void claimNext(Exchange exchange) {
        claimBatch(exchange);
        if (exchange.getMessage().getBody() == null) {
            PushQueueStore.Claimed moved = store.awaitAndLease(moveBlock, tokenPrefix());
            if (moved != null) {
                hold(moved);
                exchange.getMessage().setBody(List.of(moved));
            }
        }
    }

    /**
     * Claims up to {@link #batchSize} of the oldest keys of the push queue in one round trip: moved to the temp
     * queue, leased, their values read. A deep backlog gives full batches; a nearly empty queue one key at a time.
     * Leaves the claims ({@link PushQueueStore.Claimed}) in the body as a list, or null when the queue is empty.
     * Their leases are renewed from now on, even while a claim waits for a free deliverer. The provider breaker's
     * probe is one key, whatever the backlog.
     */
    void claimBatch(Exchange exchange) {
        int max = exchange.getProperty(PushExchange.PROVIDER_PROBE) == null ? batchSize : 1;
        List<PushQueueStore.Claimed> claimed = store.claim(tokenPrefix(), max);
        claimed.forEach(this::hold);
        exchange.getMessage().setBody(claimed.isEmpty() ? null : claimed);
    }

    /** Renews the claim's lease from now on (a duplicate copy, attempt 0, holds none). */
    private void hold(PushQueueStore.Claimed claim) {
        if (claim.attempt() > 0) {
            try {
                inFlight.put(claim.token(), UTF8.deserialize(claim.key()));
            } catch (SerializationException e) {
                // not renewed: openDelivery() fails on it, and its lease runs out (see there)
            }
        }
    }

    /**
     * One claim ({@link PushQueueStore.Claimed} in the body) becomes the exchange that delivers it: the key, token,
     * attempt and value as properties, the value in the body (null when the claim found none), its lease released
     * from renewal when the exchange is done. Sets the attempt property to 0 for a copy of a key a live worker holds (dropped, not sent twice).
     *
     * @throws UndeliverablePushException when the value is not a string, or not UTF-8: after the claim is known,
     *                                    so the error handler dead-letters it
     */
    public void openDelivery(Exchange exchange) {
        long claimedAt = System.nanoTime();
        PushQueueStore.Claimed claimed = exchange.getMessage().getBody(PushQueueStore.Claimed.class);
        // a key name that is not UTF-8 fails here, with its lease taken: it is re-queued when the lease runs out,
        // and dead-lettered after push.max-attempts, like any claim its worker could not finish
        String key = UTF8.deserialize(claimed.key());
        exchange.getMessage().setBody(null);
        String token = claimed.token();
        exchange.setProperty(PushExchange.PUSH_CLAIMED_AT, claimedAt);
        exchange.setProperty(PushExchange.PUSH_KEY, key);
        exchange.setProperty(PushExchange.PUSH_ATTEMPT, claimed.attempt());
        if (claimed.attempt() == 0) {
            return;
        }
        taken.increment();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                inFlight.remove(token);
                if (done.getContext().isStopping()) {
                    handBackUnfinished(key, token);
                }
            }
        });
        exchange.setProperty(PushExchange.CLAIM_TOKEN, token);
        if (claimed.valueError() != null) {
            throw new UndeliverablePushException(key, "its value cannot be read: " + claimed.valueError());
        }
        if (claimed.value() != null) {
            try {
                String content = UTF8.deserialize(claimed.value());
                exchange.setProperty(PushExchange.PUSH_CONTENT, content);
                exchange.getMessage().setBody(content);
            } catch (SerializationException e) {
                throw new UndeliverablePushException(key, e.getMessage());
            }
        }
    }

    /** Lease tokens: a random prefix per process and a counter, cheaper than a random UUID per claim. */
    private String tokenPrefix() {
        return processId + ':' + claims.incrementAndGet();
    }

    /**
     * On a graceful shutdown an exchange can end without settling its claim: its retry was refused while stopping.
     * Handing it back now (a no-op for a settled claim) leaves nothing claimed, instead of waiting out a lease.
     */
    private void handBackUnfinished(String key, String token) {
        try {
            if (store.handBack(key, token)) {
                LOG.info("shutting down: handed {} back to the push queue", key);
            }
        } catch (RuntimeException e) {
            LOG.warn("shutting down: could not hand {} back ({}); it is re-queued when its lease runs out", key, e.getMessage());
        }
    }

    /** Pushes back the deadline of every lease still in flight here; returns how many were renewed. */
    public long renewAll() {
        if (inFlight.isEmpty()) {
            return 0;
        }
        Map<String, String> tokensByKey = new java.util.HashMap<>();
        inFlight.forEach((token, key) -> tokensByKey.put(key, token));
        return store.renewLeases(tokensByKey);
    }

    /** Claims taken for delivery so far (copies dropped as duplicates not counted). */
    public long taken() {
        return taken.sum();
    }

    public int inFlight() {
        return inFlight.size();
    }
}
