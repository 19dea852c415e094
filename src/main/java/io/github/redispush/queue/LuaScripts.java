package io.github.redispush.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/** The Lua scripts in {@code redis-push/lua/}, by name; Spring runs them with EVALSHA, loading them once. */
final class LuaScripts {

    private LuaScripts() {
    }

    /**
     * The script's text is read once: a script made from a classpath resource checks whether the resource changed
     * each time its SHA-1 is asked for, which inside a jar opens the jar entry on every call (seen in a profile).
     */
    static <T> RedisScript<T> named(String name, Class<T> resultType) {
        String resource = "redis-push/lua/" + name + ".lua";
        try (InputStream in = LuaScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new DefaultRedisScript<>(new String(in.readAllBytes(), StandardCharsets.UTF_8), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
