package io.github.redispush.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Every script as Redis gets it (includes resolved), and the cluster layout's rewrite of a script that uses its push key by name only. */
class LuaScriptsTest {

    /** The scripts under lua/ by name (cluster/claim-5), includes left out: they are only ever part of a script. */
    static List<String> scriptNames() throws IOException, URISyntaxException {
        Path root = Path.of(LuaScriptsTest.class.getClassLoader().getResource("redis-push/lua").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".lua"))
                    .map(file -> root.relativize(file).toString().replace('\\', '/').replaceAll("\\.lua$", ""))
                    .filter(name -> !name.startsWith("includes/"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everyScriptResolvesAndLoadsIntoRedis() throws Exception {
        List<String> names = scriptNames();
        assertThat(names).contains("claim-5", "cluster/claim-5", "reapLeases-9", "cluster/reapLeases-9").hasSizeGreaterThanOrEqualTo(26);
        try (TestRedis redis = new TestRedis().start(); Jedis jedis = redis.client()) {
            for (String name : names) {
                String text = LuaScripts.named(name, Object.class).getScriptAsString();
                assertThat(text).as(name).doesNotContain("@include");
                // SCRIPT LOAD compiles the script: a resolved text that is not valid Lua fails here, not in production
                assertThat(jedis.scriptLoad(text)).as(name).isEqualTo(LuaScripts.named(name, Object.class).getSha1());
            }
        }
    }

    @Test
    void theRewrittenClusterVariantsLoadIntoRedisToo() {
        try (TestRedis redis = new TestRedis().start(); Jedis jedis = redis.client()) {
            for (String name : List.of("handBack-5", "deadLetter-8", "scheduleRetry-9")) {
                var script = LuaScripts.withPushKeyAsArgument(name, Long.class);
                assertThat(jedis.scriptLoad(script.getScriptAsString())).as(name).isEqualTo(script.getSha1());
            }
        }
    }

    @Test
    void thePushKeyBecomesTheFirstArgumentAndTheOthersMoveUp() {
        String single = LuaScripts.named("deadLetter-8", Long.class).getScriptAsString();
        String cluster = LuaScripts.withPushKeyAsArgument("deadLetter-8", Long.class).getScriptAsString();

        assertThat(single).contains("redis.call('HGET', KEYS[3], KEYS[8]) ~= ARGV[1]").contains("deadLetterSettled(KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], ARGV[2], ARGV[3]");
        assertThat(cluster).doesNotContain("KEYS[8]")
                .contains("redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2]")
                .contains("deadLetterSettled(KEYS[4], KEYS[5], KEYS[6], KEYS[7], ARGV[1], ARGV[3], ARGV[4]");
    }

    @Test
    void scriptsThatTouchTheKeyItselfAreRefused() {
        assertThatThrownBy(() -> LuaScripts.withPushKeyAsArgument("settleMissing-9", Long.class)).hasMessageContaining("uses the key itself");
        assertThatThrownBy(() -> LuaScripts.withPushKeyAsArgument("acknowledge-7", Long.class)).hasMessageContaining("counts its arguments");
    }
}
