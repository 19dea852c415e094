package io.github.redispush.queue;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/** The Lua scripts in {@code redis-push/lua/}, by name; Spring runs them with EVALSHA, loading them once. */
final class LuaScripts {

    private LuaScripts() {
    }

    static <T> RedisScript<T> named(String name, Class<T> resultType) {
        DefaultRedisScript<T> script = new DefaultRedisScript<>();
        script.setLocation(new ClassPathResource("redis-push/lua/" + name + ".lua"));
        script.setResultType(resultType);
        return script;
    }
}
