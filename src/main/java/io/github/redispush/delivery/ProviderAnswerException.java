package io.github.redispush.delivery;

/**
 * The push provider answered, and not with a success. Each subclass says what the pipeline does about it, so a
 * provider's answer mapping (the generic one, RongCloud's body codes) only has to pick one, and the error handler
 * ({@code errors.camel.yaml}) matches on the class:
 * <ul>
 * <li>{@link ProviderRejectedException}: this message will never be accepted: dead-letter it with the reason</li>
 * <li>{@link ProviderUnavailableException}: the provider is down, slow or failing: retry later; counts towards the breaker</li>
 * <li>{@link ProviderRateLimitedException}: slow down; no attempt is spent</li>
 * <li>{@link ProviderCredentialsException}: our configuration is wrong: halt delivery, dead-letter nothing</li>
 * </ul>
 * The message never carries the request URL (it may hold a token) nor the message text.
 */
public abstract class ProviderAnswerException extends RuntimeException {

    private final int status;
    private final String code;
    private final String providerMessage;

    /**
     * @param status          the HTTP status, or 0 when there was no answer
     * @param code            the provider's own outcome code from the body (RongCloud's {@code code}), or null
     * @param providerMessage the provider's own words (RongCloud's {@code errorMessage}, a body excerpt), or null
     */
    protected ProviderAnswerException(int status, String code, String providerMessage) {
        // an answer, not a bug: no stack trace to fill on every refused push (nobody reads it, and it costs)
        super(describe(status, code, providerMessage), null, false, false);
        this.status = status;
        this.code = code;
        this.providerMessage = providerMessage;
    }

    public int getStatus() {
        return status;
    }

    public String getCode() {
        return code;
    }

    public String getProviderMessage() {
        return providerMessage;
    }

    private static String describe(int status, String code, String providerMessage) {
        StringBuilder text = new StringBuilder();
        if (status > 0) {
            text.append("HTTP ").append(status);
        }
        if (code != null) {
            text.append(text.isEmpty() ? "" : ", ").append("code ").append(code);
        }
        if (providerMessage != null && !providerMessage.isBlank()) {
            text.append(text.isEmpty() ? "" : ": ").append(providerMessage);
        }
        return text.toString();
    }
}
