package io.github.redispush;

/**
 * The glossary of a push's exchange: the exchange properties (and the variables of a RongCloud answer) the routes
 * set and read, by name. A provider route
 * (routes/providers/*.camel.yaml) is written against this list; the routes spell the same names in simple
 * expressions ({@code ${exchangeProperty.pushKey}}), so a name changed here must be changed there too.
 */
public final class PushExchange {

    /** The Redis key being delivered, as a string (set when the claim is opened, Claims.openDelivery). */
    public static final String PUSH_KEY = "pushKey";
    /** The key parsed: a {@link io.github.redispush.queue.PushKey} record (uid...), set by the parse route. */
    public static final String PUSH_KEY_PARTS = "pushKeyParts";
    /** The message text, the key's value in Redis, when the claim or the lookup read it. */
    public static final String PUSH_CONTENT = "pushContent";
    /** The lease token of the claim; the acknowledgement and the lease renewal are made with it. */
    public static final String CLAIM_TOKEN = "claimToken";
    /** The delivery attempt, from 1; 0 for a copy of a key a live worker already holds (dropped). */
    public static final String PUSH_ATTEMPT = "pushAttempt";
    /** System.nanoTime() when the key was claimed, for the delivery latency. */
    public static final String PUSH_CLAIMED_AT = "pushClaimedAt";
    /** The provider breaker's probe permits, on the one push a half-open breaker lets through: the mover waits for its answer. */
    public static final String PROVIDER_PROBE = "providerProbe";
    /** Exchange variable: a RongCloud answer's HTTP status, as read by RongCloudAnswer. */
    public static final String ANSWER_STATUS = "answerStatus";
    /** Exchange variable: a RongCloud answer's code field. */
    public static final String ANSWER_CODE = "answerCode";
    /** Exchange variable: a RongCloud answer's errorMessage, cut short. */
    public static final String ANSWER_MESSAGE = "answerMessage";
    /** Why a push was dead-lettered, for the dead-letter route's log line. */
    public static final String DEAD_LETTER_REASON = "deadLetterReason";

    private PushExchange() {
    }
}
