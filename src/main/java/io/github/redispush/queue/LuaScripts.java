package io.github.redispush.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts in {@code redis-push/lua/}, by name, with their {@code --- @include} lines resolved (see
 * {@link LuaIncludes}); Spring runs them with EVALSHA, loading them once.
 */
final class LuaScripts {

    private LuaScripts() {
    }

    /**
     * The script's text is read once: a script made from a classpath resource checks whether the resource changed
     * each time its SHA-1 is asked for, which inside a jar opens the jar entry on every call (seen in a profile).
     */
    static <T> RedisScript<T> named(String name, Class<T> resultType) {
        return new DefaultRedisScript<>(text(name), resultType);
    }

    /**
     * The cluster layout's form of a script whose last KEYS entry is a push key it uses by name only (a member of the
     * bookkeeping sets and lists, never read, written or deleted): on a Redis Cluster that key lives in another slot,
     * so it cannot be declared. It is passed as ARGV[1] instead, the script's own arguments following: the text is
     * rewritten KEYS[n] -> ARGV[1], ARGV[i] -> ARGV[i + 1]. Scripts that touch the key itself have their own cluster
     * variants in lua/cluster/. The rewrite works on the resolved text; includes never name KEYS or ARGV (LuaIncludes
     * refuses them), so every reference it must move is in the top script, where it is checked.
     *
     * @param name a script named with its key count, the push key being the last ({@code deadLetter-8})
     */
    static <T> RedisScript<T> withPushKeyAsArgument(String name, Class<T> resultType) {
        String text = text(name);
        String pushKey = "KEYS[" + name.substring(name.lastIndexOf('-') + 1) + "]";
        boolean touched = Pattern.compile("redis\\.p?call\\('(GET|SET|DEL|EXISTS|TYPE|EXPIRE|STRLEN)', "
                + Pattern.quote(pushKey)).matcher(text).find();
        if (touched || text.contains("#KEYS") || text.contains("#ARGV") || !text.contains(pushKey)) {
            throw new IllegalStateException(name + " cannot run with its push key as an argument: it uses the key itself, or counts its arguments");
        }
        String shifted = ARGV.matcher(text).replaceAll(m -> "ARGV[" + (Integer.parseInt(m.group(1)) + 1) + "]");
        return new DefaultRedisScript<>(shifted.replace(pushKey, "ARGV[1]"), resultType);
    }

    private static final Pattern ARGV = Pattern.compile("ARGV\\[(\\d+)\\]");

    private static final LuaIncludes INCLUDES = new LuaIncludes(LuaScripts::resource);

    /** The script as Redis runs it: its includes resolved. */
    static String text(String name) {
        return INCLUDES.resolve(name);
    }

    /** A file below {@code lua/} as written, or null when there is none. */
    private static String resource(String name) {
        String resource = "redis-push/lua/" + name + ".lua";
        try (InputStream in = LuaScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
