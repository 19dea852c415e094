package io.github.redispush.queue;

import io.github.redispush.PushExchange;

import org.apache.camel.Exchange;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The lookup's second chance for a claim that found no value. A PHP producer LPUSHes the key before it SETs the
 * value, and a worker blocked on BRPOPLPUSH wakes at the LPUSH: the SET usually lands within a round trip or two,
 * so the first re-check is at once, the next ones come quickly (1, 2, 4... ms, doubling while under the grace
 * interval), and only then every {@code push.lookup.grace-interval-ms}, {@code push.lookup.grace-checks} times,
 * before the key counts as missing. The waits are on the deliverer's own thread, so the deliverer pool still bounds
 * the work in flight.
 */
public class LookupGrace {

    private final StringRedisTemplate redis;
    private final int checks;
    private final long intervalMs;
    /** how many quick re-checks (1, 2, 4... ms) fit under the interval */
    private final int quick;

    /**
     * @param checks     push.lookup.grace-checks (0: a missing value is missing at once)
     * @param intervalMs push.lookup.grace-interval-ms
     */
    public LookupGrace(StringRedisTemplate redis, int checks, long intervalMs) {
        this.redis = redis;
        this.checks = checks;
        this.intervalMs = intervalMs;
        int doublings = 0;
        while (doublings < 31 && (1L << doublings) < intervalMs) {
            doublings++;
        }
        this.quick = doublings;
    }

    /**
     * GETs the value of the claim's key (property {@link PushExchange#PUSH_KEY}) again on the schedule above, until it
     * is there or the grace period is over. Leaves the value in the body and in {@link PushExchange#PUSH_CONTENT}, or
     * a null body.
     */
    public void awaitValue(Exchange exchange) throws InterruptedException {
        String key = exchange.getProperty(PushExchange.PUSH_KEY, String.class);
        String value = null;
        for (int check = 1; value == null; check++) {
            long delay = delayBefore(check);
            if (delay < 0) {
                break;
            }
            if (delay > 0) {
                Thread.sleep(delay);
            }
            value = redis.opsForValue().get(key);
        }
        exchange.getMessage().setBody(value);
        if (value != null) {
            exchange.setProperty(PushExchange.PUSH_CONTENT, value);
        }
    }

    /**
     * @param check the re-check about to be made, from 1
     * @return the ms to wait before that re-check, or -1 when the grace period is over
     */
    public long delayBefore(int check) {
        if (checks <= 0) {
            return -1;
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
