package io.github.redispush.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The cluster layout's rewrite of a script that uses its push key by name only. */
class LuaScriptsTest {

    @Test
    void thePushKeyBecomesTheFirstArgumentAndTheOthersMoveUp() {
        String single = LuaScripts.named("deadLetter-7", Long.class).getScriptAsString();
        String cluster = LuaScripts.withPushKeyAsArgument("deadLetter-7", Long.class).getScriptAsString();

        assertThat(single).contains("redis.call('HGET', KEYS[3], KEYS[7]) ~= ARGV[1]").contains("redis.call('LPUSH', KEYS[5], ARGV[2])");
        assertThat(cluster).doesNotContain("KEYS[7]")
                .contains("redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2]")
                .contains("redis.call('LPUSH', KEYS[5], ARGV[3])");
    }

    @Test
    void scriptsThatTouchTheKeyItselfAreRefused() {
        assertThatThrownBy(() -> LuaScripts.withPushKeyAsArgument("settleMissing-9", Long.class)).hasMessageContaining("uses the key itself");
        assertThatThrownBy(() -> LuaScripts.withPushKeyAsArgument("acknowledge-6", Long.class)).hasMessageContaining("counts its arguments");
    }
}
