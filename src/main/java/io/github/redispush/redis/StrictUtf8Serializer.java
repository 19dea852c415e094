package io.github.redispush.redis;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import io.github.redispush.StrictUtf8;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * UTF-8 that refuses bytes which are not UTF-8, where Spring's String serializer silently turns them into U+FFFD
 * (a message sent garbled, or a key renamed so it can never be acknowledged). The refusal surfaces as a
 * {@link SerializationException}, which the routes dead-letter with its reason.
 */
public final class StrictUtf8Serializer implements RedisSerializer<String> {

    @Override
    public byte[] serialize(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String deserialize(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StrictUtf8.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new SerializationException("value is not valid UTF-8 (" + bytes.length + " bytes)", e);
        }
    }

    @Override
    public Class<?> getTargetType() {
        return String.class;
    }
}
