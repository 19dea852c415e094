package io.github.redispush.queue;

import io.github.redispush.PushExchange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Exchange;

/**
 * Acknowledges delivered pushes, several in one round trip when deliverers finish together (a group commit, as
 * databases do for their log): a deliverer queues its acknowledgement and takes the writer's lock; whoever holds it
 * writes every acknowledgement queued so far in one script call. A deliverer whose acknowledgement was written by
 * another returns at once. Nothing waits for a timer, so a lone delivery is acknowledged as soon as it would be on
 * its own, and an exchange still completes only once its claim is settled.
 */
public class Acknowledgements {

    private record Pending(String key, String token, DeliveryOutcome outcome, CompletableFuture<Void> written) {
    }

    private final PushQueueStore store;
    private final int maxBatch;
    private final boolean historyEnabled;
    private final ConcurrentLinkedQueue<Pending> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    public Acknowledgements(PushQueueStore store, int maxBatch) {
        this(store, maxBatch, false);
    }

    /** @param historyEnabled push.history.enabled: each delivery's outcome goes with its acknowledgement */
    public Acknowledgements(PushQueueStore store, int maxBatch, boolean historyEnabled) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.historyEnabled = historyEnabled;
    }

    /**
     * The provider's answer as its route left it: a RongCloud profile reads status and code into variables; the
     * generic route leaves camel-http's status header.
     */
    private static DeliveryOutcome delivered(Exchange exchange) {
        Integer status = exchange.getVariable(PushExchange.ANSWER_STATUS, Integer.class);
        if (status == null) {
            status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        }
        Object code = exchange.getVariable(PushExchange.ANSWER_CODE);
        return DeliveryOutcome.of(exchange, status, code == null ? null : code.toString(), null);
    }

    /**
     * The exchange's push was delivered: its value and claim go, and with the delivery history on, its outcome is
     * recorded in the same call (see acknowledge-7.lua).
     */
    public void acknowledge(Exchange exchange) {
        Pending mine = new Pending(exchange.getProperty(PushExchange.PUSH_KEY, String.class), exchange.getProperty(PushExchange.CLAIM_TOKEN, String.class),
                historyEnabled ? delivered(exchange) : null, new CompletableFuture<>());
        queued.add(mine);
        while (!mine.written().isDone()) {
            writer.lock();
            try {
                if (!mine.written().isDone()) {
                    writeQueued();
                }
            } finally {
                writer.unlock();
            }
        }
        try {
            mine.written().join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause(); // the write's failure, to each deliverer it concerned
        }
    }

    private void writeQueued() {
        List<Pending> batch = new ArrayList<>();
        Pending next;
        while (batch.size() < maxBatch && (next = queued.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(batch.size());
        List<String> tokens = new ArrayList<>(batch.size());
        List<DeliveryOutcome> outcomes = historyEnabled ? new ArrayList<>(batch.size()) : null;
        for (Pending pending : batch) {
            keys.add(pending.key());
            tokens.add(pending.token());
            if (outcomes != null) {
                outcomes.add(pending.outcome());
            }
        }
        try {
            store.acknowledge(keys, tokens, outcomes);
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.written().completeExceptionally(e));
            return;
        }
        batch.forEach(pending -> pending.written().complete(null));
    }
}
