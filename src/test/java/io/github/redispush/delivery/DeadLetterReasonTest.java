package io.github.redispush.delivery;

import io.github.redispush.queue.MalformedPushKeyException;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.language.bean.RuntimeBeanExpressionException;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.serializer.SerializationException;

/** The failure a dead-letter entry names: what went wrong, not the Camel wrapper it arrived in. */
class DeadLetterReasonTest {

    @Test
    void aRejectionInsideABeanExpressionIsNamedItself() {
        MalformedPushKeyException malformed = new MalformedPushKeyException("bad_key", "expected 4 '_'-separated parts, found 2");
        Throwable wrapped = new RuntimeBeanExpressionException(null, "push.pushKeyParser", "parse(${exchangeProperty.pushKey})", malformed);

        assertThat(DeadLetters.cause(wrapped)).isSameAs(malformed);
        assertThat(malformed.getReason()).isEqualTo("malformed key: expected 4 '_'-separated parts, found 2");
    }

    @Test
    void anotherFailureIsNamedByTheFirstCauseThatIsNotCamels() {
        SerializationException notUtf8 = new SerializationException("value is not valid UTF-8",
                new java.nio.charset.MalformedInputException(1));

        assertThat(DeadLetters.cause(new RuntimeCamelException(notUtf8))).isSameAs(notUtf8);
        assertThat(DeadLetters.cause(notUtf8)).isSameAs(notUtf8);
    }
}
