package io.github.redispush.management;

/**
 * The pipeline in JMX (jconsole: MBeans, {@code io.github.redispush}): queue depths, claims in flight, Redis
 * reachability, and the dead-letter operations. Routes themselves are managed under {@code org.apache.camel}.
 */
public interface PushQueueMXBean {

    long getPushQueueDepth();

    /** Claims live workers hold in the temp queue, every instance's; what PHP workers left there is {@link #getPhpLeftovers()}. */
    long getTempQueueDepth();

    /** Temp-queue entries no live worker holds (left by PHP workers) and adopted keys waiting out their lease. */
    long getPhpLeftovers();

    long getDeadLetterDepth();

    /** Claims this instance is delivering. */
    int getInFlight();

    boolean isRedisDown();

    /** Keys waiting in the retry schedule for their next try. */
    long getScheduledRetries();

    /** Pushes waiting in the schedule for their send time (sendAt or delayMs at the intake). */
    long getScheduledPushes();

    /** When the soonest scheduled push is due, epoch ms on the Redis clock; 0 when none waits. */
    long getNextScheduledDue();

    /**
     * Cancels a scheduled push by its key: CANCELLED (it will not be sent), ALREADY_RELEASED (its value is there but it
     * left the schedule: queued, being sent or dead-lettered; nothing changed) or NOT_SCHEDULED (no such push waits).
     */
    String cancelScheduledPush(String key);

    /** Keys claimed without a value, waiting for it (push.lookup.missing-horizon-ms). */
    long getAwaitingValue();

    /** Why delivery is halted (the push provider is down, or refuses our credentials); empty while it delivers. */
    String getDeliveryHalted();

    /** Dead-letter entries as JSON, newest first. */
    String[] listDeadLetters(int offset, int count);

    /** The newest dead-letter entry for a key and its kept value, as JSON; {} when the key is not dead-lettered. */
    String inspectDeadLetter(String key);

    /** Puts a dead-lettered key back on the push queue; returns how many were requeued. An empty key is refused. */
    long requeueDeadLetter(String key);

    long requeueAllDeadLetters();

    /**
     * Removes a key's dead-letter entry and its value for good; returns the entries removed. An empty key is refused
     * (purgeAllDeadLetters removes every entry); the value is deleted only when the key is a push key.
     */
    long purgeDeadLetter(String key);

    long purgeAllDeadLetters();
}
