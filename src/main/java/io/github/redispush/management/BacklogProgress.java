package io.github.redispush.management;

import java.time.Duration;

import io.github.redispush.config.PushSettings;
import io.github.redispush.queue.PushQueueStore;

/**
 * One line now and then while a backlog drains: how deep it is, how fast it goes down (deliveries by every
 * instance, from the shared stats), and when it will be empty at that pace. Quiet while the queue is empty.
 */
public class BacklogProgress {

    private final PushQueueStore store;
    private final PushSettings settings;
    private long lastDelivered = -1;
    private long lastAt;
    private boolean reportedDrained = true;

    public BacklogProgress(PushQueueStore store, PushSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** @return the line to log, or null when there is nothing to say */
    public synchronized String report() {
        long now = System.nanoTime();
        long depth = store.length(settings.pushQueue());
        // in flight: claims live workers hold; what PHP workers left in the temp queue is counted apart
        PushQueueStore.TempQueueCensus temp = store.tempQueueCensus();
        long claimed = temp.inFlight();
        String leftovers = temp.leftovers() > 0 ? ", " + temp.leftovers() + " PHP leftovers being adopted" : "";
        long delivered = store.deliveredSoFar();
        String line = null;
        if (depth > 0 && lastDelivered >= 0) {
            double seconds = (now - lastAt) / 1e9;
            double rate = Math.max(0, delivered - lastDelivered) / seconds;
            String eta = rate > 0 ? format(Duration.ofSeconds((long) Math.ceil(depth / rate))) : "unknown (nothing delivered lately)";
            line = String.format("backlog: %d waiting in %s, %d in flight%s, %.0f delivered/s, empty in %s",
                    depth, settings.pushQueue(), claimed, leftovers, rate, eta);
            reportedDrained = false;
        } else if (depth == 0 && !leftovers.isEmpty()) {
            line = String.format("backlog: %s is empty (%d in flight%s)", settings.pushQueue(), claimed, leftovers);
            reportedDrained = false;
        } else if (depth == 0 && !reportedDrained) {
            line = String.format("backlog: %s is empty (%d in flight)", settings.pushQueue(), claimed);
            reportedDrained = true;
        }
        lastDelivered = delivered;
        lastAt = now;
        return line;
    }

    private static String format(Duration eta) {
        return eta.toHours() > 0 ? String.format("%dh%02dm", eta.toHours(), eta.toMinutesPart())
                : eta.toMinutes() > 0 ? String.format("%dm%02ds", eta.toMinutes(), eta.toSecondsPart())
                : eta.toSeconds() + "s";
    }
}
