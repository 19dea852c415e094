package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import io.github.redispush.intake.InvalidPushRequestException;
import io.github.redispush.intake.PushRequestReader;
import io.github.redispush.queue.MalformedPushKeyException;
import io.github.redispush.queue.PushKey;
import io.github.redispush.queue.PushKeyParser;
import io.github.redispush.queue.PushMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Random keys and intake bodies (seeded, so a failure can be replayed): every input gets one of the two defined
 * outcomes, a valid value or the typed rejection with a reason; nothing else is ever thrown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzedInputTest {

    private static final int CASES = 20_000;
    private static final String ALPHABET = "_ab1\u00e9\u4e16\ud83d\ude00 \t\r\n\u0000\"\\{}[]:,;'`$%-DROP";

    private final Random random = new Random(20261125);
    private final PushKeyParser parser = new PushKeyParser();
    private final PushRequestReader reader = new PushRequestReader(4096, 1000);

    @Test
    void everyKeyIsParsedOrRejectedWithAReason() {
        for (int i = 0; i < CASES; i++) {
            String key = randomText(random.nextInt(i % 100 == 0 ? 5000 : 40));
            Throwable thrown = catchThrowable(() -> {
                PushKey parsed = parser.parse(key);
                assertThat(key.split("_", -1)).hasSize(4);
                assertThat(parsed.uid()).isEqualTo(key.split("_", -1)[2]).isNotEmpty();
            });
            if (thrown != null) {
                assertThat(thrown).as("key %s", key).isInstanceOf(MalformedPushKeyException.class);
                assertThat(((MalformedPushKeyException) thrown).getReason()).isNotBlank();
            }
        }
    }

    @Test
    void everyIntakeBodyIsReadOrRefusedWithAReason() {
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] body = randomBody(i);
            List<PushMessage> messages = null;
            Throwable thrown = null;
            try {
                messages = reader.read(body);
            } catch (Throwable t) {
                thrown = t;
            }
            if (thrown != null) {
                assertThat(thrown).as("body %s", new String(body, StandardCharsets.UTF_8)).isInstanceOf(InvalidPushRequestException.class);
                assertThat(thrown.getMessage()).isNotBlank();
                continue;
            }
            accepted++;
            assertThat(messages).isNotEmpty();
            for (PushMessage message : messages) {
                assertThat(message.uid()).isNotEmpty().doesNotContain("_").matches("[^\\s\\p{Cntrl}]+");
                assertThat(message.content()).isNotEmpty();
                assertThat(message.content().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
            }
        }
        assertThat(accepted).as("the generator also makes valid bodies").isGreaterThan(CASES / 20);
    }

    /** Mostly JSON-shaped, with random uids and contents; some truncated, some raw bytes, some huge. */
    private byte[] randomBody(int i) {
        switch (i % 10) {
            case 0:
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                return bytes;
            case 1:
                String whole = message();
                return whole.substring(0, random.nextInt(whole.length() + 1)).getBytes(StandardCharsets.UTF_8);
            case 2:
                return ("{\"uid\":\"1\",\"content\":\"" + "x".repeat(random.nextInt(6000)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 3:
                return ("[" + message() + "," + message() + "]").getBytes(StandardCharsets.UTF_8);
            default:
                return message().getBytes(StandardCharsets.UTF_8);
        }
    }

    private String message() {
        String uid = random.nextInt(3) == 0 ? Integer.toString(random.nextInt(100000)) : randomText(random.nextInt(8));
        String content = random.nextInt(3) == 0 ? "hello " + random.nextInt() : randomText(random.nextInt(30));
        return "{\"uid\":\"" + json(uid) + "\",\"content\":\"" + json(content) + "\"}";
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return text.toString();
    }

    private static String json(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
