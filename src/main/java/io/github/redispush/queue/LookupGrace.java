package io.github.redispush.queue;

/**
 * When the lookup looks again for a value that is not there yet. A PHP producer LPUSHes the key before it SETs the
 * value, and a worker blocked on BRPOPLPUSH wakes at the LPUSH: the SET usually lands within a round trip or two,
 * so the first re-check is at once, the next ones come quickly (1, 2, 4... ms, doubling while under the grace
 * interval), and only then every
 * {@code push.lookup.grace-interval-ms}, {@code push.lookup.grace-checks} times, before the key counts as missing.
 */
public class LookupGrace {

    /**
     * @param check      the re-check about to be made, from 1
     * @param checks     push.lookup.grace-checks
     * @param intervalMs push.lookup.grace-interval-ms
     * @return the ms to wait before that re-check, or -1 when the grace period is over
     */
    public long delayBefore(int check, int checks, long intervalMs) {
        if (checks <= 0) {
            return -1; // no grace period: a missing value is missing at once
        }
        int quick = 0;
        while (quick < 31 && (1L << quick) < intervalMs) {
            quick++;
        }
        if (check == 1) {
            return 0;
        }
        if (check <= quick + 1) {
            return 1L << (check - 2);
        }
        return check <= quick + 1 + checks ? intervalMs : -1;
    }
}
