package io.github.redispush.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Exchange;

/**
 * Acknowledges delivered pushes, several in one round trip when deliverers finish together: a deliverer queues its
 * acknowledgement and, if no other deliverer is writing, writes everything queued, one script call per batch, until
 * nothing is left. A deliverer that finds another writing leaves its acknowledgement to that one and returns at
 * once: the writer looks at the queue again after letting go of the writer's lock, so nothing queued is left behind.
 * An earlier version made every deliverer wait until its own acknowledgement was written, which put a thread to
 * sleep and woke it again for nearly every push (93,000 parks in 100,000 pushes, a JFR recording: docs/performance.md).
 * <p>
 * What this keeps: a push is acknowledged only after the provider accepted it; nothing waits for a timer, so a lone
 * delivery is acknowledged as soon as it would be on its own; and once every deliverer has returned, every
 * acknowledgement is written, because the last writer returns only on an empty queue. While the context stops, a
 * deliverer waits until its own acknowledgement is written, so the claims handed back at shutdown (see
 * {@link Claims}) are only the unfinished ones.
 */
public class Acknowledgements {

    private record Pending(String key, String token) {
    }

    private final PushQueueStore store;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    public Acknowledgements(PushQueueStore store, int maxBatch) {
        this.store = store;
        this.maxBatch = maxBatch;
    }

    /**
     * The exchange's push was delivered: its value and claim go (see acknowledge-6.lua), in this call or in the one
     * of the deliverer writing at the moment.
     *
     * @throws org.springframework.dao.DataAccessException when a write this call made failed; the claims of that
     *                                                     batch stay in the temp queue and are recovered by lease
     */
    public void acknowledge(Exchange exchange) {
        queued.add(new Pending(exchange.getProperty(Claims.KEY, String.class), exchange.getProperty(Claims.TOKEN, String.class)));
        if (exchange.getContext().isStopping()) {
            // whoever held the lock before us wrote everything queued until then: ours is written when we return
            writer.lock();
            writeWhileQueuedAndUnlock();
            return;
        }
        // a failed tryLock means a writer holds the lock; it checks the queue again after unlocking, and sees ours
        while (!queued.isEmpty() && writer.tryLock()) {
            writeWhileQueuedAndUnlock();
        }
    }

    private void writeWhileQueuedAndUnlock() {
        try {
            List<String> keys = new ArrayList<>(maxBatch);
            List<String> tokens = new ArrayList<>(maxBatch);
            Pending next;
            do {
                keys.clear();
                tokens.clear();
                while (keys.size() < maxBatch && (next = queued.poll()) != null) {
                    keys.add(next.key());
                    tokens.add(next.token());
                }
                if (!keys.isEmpty()) {
                    store.acknowledge(keys, tokens);
                }
            } while (!keys.isEmpty());
        } finally {
            writer.unlock();
        }
    }

    /** Acknowledgements queued and not yet taken by a writer (0 once every deliverer has returned). */
    public int queued() {
        return queued.size();
    }
}
