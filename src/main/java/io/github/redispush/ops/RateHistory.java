package io.github.redispush.ops;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last minutes of a pipeline's counters, sampled by the dashboard's timer route, turned into per-second rates.
 * Kept in memory (a few hundred numbers): a page opened now sees the minutes before it was opened.
 */
public class RateHistory {

    /** Per-second rates between two samples, ending at {@code at} (epoch ms). */
    public record Rates(long at, double delivered, double retried, double deadLettered) {
    }

    private record Sample(long at, long delivered, long retried, long deadLettered) {
    }

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public RateHistory(Duration window) {
        this.window = window;
    }

    /** Counters as they stand at {@code at}; samples older than the window are dropped. */
    public synchronized void sample(long at, long delivered, long retried, long deadLettered) {
        samples.addLast(new Sample(at, delivered, retried, deadLettered));
        long cutoff = at - window.toMillis();
        // the oldest sample stays while the one after it is inside the window: the first rate needs both
        while (samples.size() > 1) {
            Sample oldest = samples.pollFirst();
            if (samples.peekFirst().at() > cutoff) {
                samples.addFirst(oldest);
                break;
            }
        }
    }

    public synchronized List<Rates> rates() {
        List<Rates> rates = new ArrayList<>(samples.size());
        Sample previous = null;
        for (Sample sample : samples) {
            if (previous != null && sample.at() > previous.at()) {
                double seconds = (sample.at() - previous.at()) / 1000.0;
                rates.add(new Rates(sample.at(), perSecond(previous.delivered(), sample.delivered(), seconds),
                        perSecond(previous.retried(), sample.retried(), seconds),
                        perSecond(previous.deadLettered(), sample.deadLettered(), seconds)));
            }
            previous = sample;
        }
        return rates;
    }

    public Duration window() {
        return window;
    }

    /** A counter that went down was reset (stats deleted, instance restarted): no rate rather than a negative one. */
    private static double perSecond(long before, long after, double seconds) {
        return after < before ? 0 : (after - before) / seconds;
    }
}
