package io.github.redispush.delivery;

/** The provider's answer means this message will never be accepted as it is (a bad parameter, a message too long): it is dead-lettered with the status, code and the provider's words. */
public class ProviderRejectedException extends ProviderAnswerException {

    public ProviderRejectedException(int status, String code, String providerMessage) {
        super(status, code, providerMessage);
    }
}
