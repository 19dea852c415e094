package io.github.redispush.delivery;

/** The provider's answer means the provider is down, too slow or failing (5xx, an internal timeout): the push is retried later, and the failure counts towards the provider breaker. */
public class ProviderUnavailableException extends ProviderAnswerException {

    public ProviderUnavailableException(int status, String code, String providerMessage) {
        super(status, code, providerMessage);
    }
}
