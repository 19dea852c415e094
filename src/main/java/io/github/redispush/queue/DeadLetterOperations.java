package io.github.redispush.queue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.config.PushSettings;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** What an operator does with dead letters: list, inspect, requeue, purge. Used by JMX and the HTTP routes. */
public class DeadLetterOperations {

    /** Outcome of a requeue: keys sent round again, and entries dropped because their value was gone. */
    public record Requeued(long requeued, long removedWithoutValue) {
    }

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REQUEUE = LuaScripts.named("requeueDeadLetters-3", List.class);
    private static final RedisScript<Long> PURGE = LuaScripts.named("purgeDeadLetters-1", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLUSTER_REQUEUE = LuaScripts.named("cluster/requeueDeadLetters-3", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLUSTER_PURGE = LuaScripts.named("cluster/purgeDeadLetters-1", List.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringRedisTemplate redis;
    private final PushSettings settings;

    public DeadLetterOperations(StringRedisTemplate redis, PushSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    public long count() {
        Long size = redis.opsForList().size(settings.deadLetterQueue());
        return size == null ? 0 : size;
    }


    /** Entries as JSON, newest first. */
    public List<String> list(int offset, int count) {
        if (count <= 0) {
            return List.of();
        }
        return redis.opsForList().range(settings.deadLetterQueue(), offset, offset + count - 1L);
    }

    /** The same, as one JSON array (the entries are JSON already); offset 0 and 100 entries by default. */
    public String listAsJson(Integer offset, Integer count) {
        return "[" + String.join(",", list(offset == null ? 0 : offset, count == null ? 100 : count)) + "]";
    }

    /**
     * The newest entry for a key, as a JSON object, and the value kept beside it; an empty map when the key is not
     * dead-lettered.
     */
    public Map<String, Object> inspect(String key) {
        Map<String, Object> found = new LinkedHashMap<>();
        for (String entry : list(0, (int) Math.min(count(), 10_000))) {
            // parsed, not searched as text: Lua's cjson writes '/' as '\/', Jackson does not
            JsonNode parsed = parse(entry);
            JsonNode entryKey = parsed == null ? null : parsed.get("key");
            if (entryKey != null && key.equals(entryKey.asText())) {
                found.put("entry", parsed);
                found.put("value", redis.opsForValue().get(key));
                break;
            }
        }
        return found;
    }

    private static JsonNode parse(String entry) {
        try {
            return JSON.readTree(entry);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    /** @param key the key, or empty for every entry */
    public Requeued requeue(String key) {
        String wanted = key == null ? "" : key;
        List<String> keys = List.of(settings.deadLetterQueue(), settings.pushQueue(), settings.attemptsKey());
        List<?> counts;
        if (settings.clusterLayout()) {
            // the values live in other slots: the script is told which of the entries' keys still have one
            List<String> args = new ArrayList<>(List.of(wanted));
            entryKeys(wanted).stream().filter(k -> Boolean.TRUE.equals(redis.hasKey(k))).forEach(args::add);
            counts = redis.execute(CLUSTER_REQUEUE, keys, args.toArray());
        } else {
            counts = redis.execute(REQUEUE, keys, wanted);
        }
        return new Requeued(((Number) counts.get(0)).longValue(), ((Number) counts.get(1)).longValue());
    }

    /** @param key the key, or empty for every entry; returns the entries removed (with their values) */
    public long purge(String key) {
        String wanted = key == null ? "" : key;
        if (!settings.clusterLayout()) {
            return redis.execute(PURGE, List.of(settings.deadLetterQueue()), wanted);
        }
        // the entries go first, then their values (other slots, so not in the script)
        List<?> purged = redis.execute(CLUSTER_PURGE, List.of(settings.deadLetterQueue()), wanted);
        purged.stream().skip(1).map(Object::toString).forEach(redis::delete);
        return ((Number) purged.get(0)).longValue();
    }

    /** The distinct keys of every entry (or of those for {@code wanted}), read in one LRANGE. */
    private Set<String> entryKeys(String wanted) {
        Set<String> keys = new LinkedHashSet<>();
        for (String entry : redis.opsForList().range(settings.deadLetterQueue(), 0, -1)) {
            JsonNode parsed = parse(entry);
            JsonNode entryKey = parsed == null ? null : parsed.get("key");
            if (entryKey != null && entryKey.isTextual() && (wanted.isEmpty() || wanted.equals(entryKey.asText()))) {
                keys.add(entryKey.asText());
            }
        }
        return keys;
    }

    /** Entries, newest first, whose key contains {@code text}; like {@link #inspect}, among the newest 10,000. */
    public List<String> search(String text, int limit) {
        return list(0, (int) Math.min(count(), 10_000)).stream()
                .filter(entry -> keyContains(entry, text))
                .limit(limit).toList();
    }

    /** Parsed, not searched as text: Lua's cjson writes '/' as '\/', Jackson does not. */
    private static boolean keyContains(String entry, String text) {
        try {
            JsonNode key = JSON.readTree(entry).get("key");
            return key != null && key.asText().contains(text);
        } catch (JsonProcessingException notJson) {
            return false;
        }
    }
}
