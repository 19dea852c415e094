package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redispush.delivery.PushRequestSigner;
import org.junit.jupiter.api.Test;

/** The signature RongCloud's server API expects, checked against a value computed independently (sha1sum). */
class RongCloudSignatureTest {

    @Test
    void isTheHexSha1OfSecretNonceAndTimestamp() {
        // printf '%s' 'secret143141408710653' | sha1sum
        assertThat(PushRequestSigner.RongCloud.signature("secret", "14314", "1408710653"))
                .isEqualTo("864f51789f5cf2fbc6316a98c09ce3a46a6ad6e2");
    }

    @Test
    void aProfileWithoutItsSecretIsRefusedAtStart() {
        assertThatThrownBy(() -> PushRequestSigner.forProfile("rongcloud", "key", "", "X"))
                .hasMessageContaining("push.auth.secret");
        assertThatThrownBy(() -> PushRequestSigner.forProfile("basic", "key", "s", "X"))
                .hasMessageContaining("push.auth.profile must be none, bearer, hmac-sha256 or rongcloud");
    }

    @Test
    void signersNeverPrintTheirSecret() {
        assertThat(PushRequestSigner.forProfile("rongcloud", "key", "very-secret", "X").toString()).doesNotContain("very-secret");
        assertThat(PushRequestSigner.forProfile("bearer", "key", "very-secret", "X").toString()).doesNotContain("very-secret");
        assertThat(PushRequestSigner.forProfile("hmac-sha256", "key", "very-secret", "X").toString()).doesNotContain("very-secret");
    }
}
