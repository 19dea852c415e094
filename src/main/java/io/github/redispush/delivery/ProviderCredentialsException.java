package io.github.redispush.delivery;

/** The provider's answer means the provider refuses our credentials or our app (a wrong key or secret, a bad signature, a locked app): delivery halts until a probe is accepted; nothing is dead-lettered. */
public class ProviderCredentialsException extends ProviderAnswerException {

    public ProviderCredentialsException(int status, String code, String providerMessage) {
        super(status, code, providerMessage);
    }
}
