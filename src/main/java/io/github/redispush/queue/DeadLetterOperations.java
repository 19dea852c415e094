package io.github.redispush.queue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.config.PushSettings;
import io.github.redispush.config.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What an operator does with dead letters: list, inspect, search, requeue, purge. Used by JMX and the HTTP routes.
 * <p>
 * Every Redis call here does bounded work, however long the list: one key's entry is found through the index
 * ({@link PushSettings#deadLetterIndexKey()}, push key -> newest entry), brought up to date in chunks on use (the
 * writers only LPUSH, as older instances do too); requeue-all and purge-all take the list's tail a chunk per call.
 */
public class DeadLetterOperations {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOperations.class);

    /** Entries indexed per call: about 4 ms of LRANGE into Lua, cjson.decode and HSET. */
    static final int INDEX_CHUNK = 500;
    /** Entries read per LRANGE when looking for one entry on the list: about 7 ms of Redis's time. */
    static final int FIND_CHUNK = 10_000;
    /** How near an end an entry is removed in place with LREM (at most this many compared, about 4 ms). */
    public static final int IN_PLACE_WINDOW = 100_000;
    /** Entries requeued or purged per call: about 4 ms. */
    static final int DRAIN_CHUNK = 500;
    /** Index fields a search step looks at (HSCAN COUNT), and how many steps a search takes at most. */
    static final int SEARCH_COUNT = 1_000;
    static final int SEARCH_STEPS = 2_000;
    /** Matches a search collects before it stops walking the index (then sorted newest first). */
    static final int SEARCH_MATCHES = 1_000;

    /** Outcome of a requeue: keys sent round again, entries dropped because their value was gone or their key is no push key. */
    public record Requeued(long requeued, long removedWithoutValue, long notPushKeys) {
        public Requeued(long requeued, long removedWithoutValue) {
            this(requeued, removedWithoutValue, 0);
        }
    }

    /** A requeue or purge of one key named no key (HTTP 400): it is never taken to mean every key. */
    public static class NoKeyException extends IllegalArgumentException {
        public NoKeyException(String operation) {
            super(operation + " needs a key; to " + operation + " every dead letter use " + operation + "-all");
        }
    }

    @SuppressWarnings("rawtypes")
    private static final RedisScript<Long> INDEX = LuaScripts.named("indexDeadLetters-3", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TAKE = LuaScripts.named("takeDeadLetter-5", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> DRAIN = LuaScripts.named("drainDeadLetters-5", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SEARCH = LuaScripts.named("searchDeadLetters-1", List.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GLOB_SPECIAL = Pattern.compile("([*?\\[\\]\\\\])");

    private final StringRedisTemplate redis;
    private final PushSettings settings;
    private final RedisKeys names;
    private final List<String> keys;
    private final Pattern pushKey;
    private final int inPlaceWindow;

    public DeadLetterOperations(StringRedisTemplate redis, PushSettings settings) {
        this(redis, settings, IN_PLACE_WINDOW);
    }

    /** @param inPlaceWindow how near an end of the list an entry is removed in place (tests make it small) */
    public DeadLetterOperations(StringRedisTemplate redis, PushSettings settings, int inPlaceWindow) {
        this.inPlaceWindow = inPlaceWindow;
        this.redis = redis;
        this.settings = settings;
        this.names = RedisKeys.of(settings);
        this.keys = List.of(names.deadLetterQueue(), names.deadLetterIndex(), names.deadLetterIndexed(),
                names.pushQueue(), names.attempts());
        // the same rule as the scripts': <prefix>_<uid>_<6 digits>
        this.pushKey = Pattern.compile(Pattern.quote(settings.keyPrefix() + "_") + "[^_]+_[0-9]{6}");
    }

    public long count() {
        Long size = redis.opsForList().size(names.deadLetterQueue());
        return size == null ? 0 : size;
    }

    /** Entries as JSON, newest first (one LRANGE of at most {@code count}). */
    public List<String> list(int offset, int count) {
        if (count <= 0) {
            return List.of();
        }
        return redis.opsForList().range(names.deadLetterQueue(), offset, offset + count - 1L);
    }

    /** The same, as one JSON array (the entries are JSON already); offset 0 and 100 entries by default. */
    public String listAsJson(Integer offset, Integer count) {
        return "[" + String.join(",", list(offset == null ? 0 : offset, count == null ? 100 : count)) + "]";
    }

    /**
     * The newest entry for a key, as a JSON object, and the value kept beside it; an empty map when the key is not
     * dead-lettered. One HGET, wherever the entry is on the list.
     */
    public Map<String, Object> inspect(String key) {
        Map<String, Object> found = new LinkedHashMap<>();
        if (key == null || key.isEmpty()) {
            return found;
        }
        catchUp();
        Object entry = redis.opsForHash().get(names.deadLetterIndex(), key);
        JsonNode parsed = entry == null ? null : parse(entry.toString());
        if (parsed != null) {
            found.put("entry", parsed);
            found.put("value", redis.opsForValue().get(key));
        }
        return found;
    }

    /**
     * Entries, newest first, whose key contains {@code text}: the index is walked with HSCAN in steps of about
     * {@value #SEARCH_COUNT} keys, up to {@value #SEARCH_STEPS} steps (2,000,000 dead-lettered keys) or
     * {@value #SEARCH_MATCHES} matches, whichever comes first; the matches are then sorted by failedAt.
     */
    public List<String> search(String text, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        catchUp();
        String glob = "*" + GLOB_SPECIAL.matcher(text).replaceAll("\\\\$1") + "*";
        List<String> matches = new ArrayList<>();
        String cursor = "0";
        for (int step = 0; step < SEARCH_STEPS; step++) {
            List<?> answer = redis.execute(SEARCH, List.of(names.deadLetterIndex()), cursor, glob, Integer.toString(SEARCH_COUNT));
            cursor = answer.get(0).toString();
            answer.stream().skip(1).map(Object::toString).forEach(matches::add);
            if ("0".equals(cursor) || matches.size() >= Math.max(limit, SEARCH_MATCHES)) {
                break;
            }
        }
        return matches.stream().sorted(Comparator.comparingLong(DeadLetterOperations::failedAt).reversed()).limit(limit).toList();
    }

    private static long failedAt(String entry) {
        JsonNode parsed = parse(entry);
        JsonNode at = parsed == null ? null : parsed.get("failedAt");
        return at == null ? 0 : at.asLong();
    }

    private static JsonNode parse(String entry) {
        try {
            return JSON.readTree(entry);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    /** Sends one dead-lettered key round again (attempts reset), if its value is still there. */
    public Requeued requeue(String key) {
        if (key == null || key.isBlank()) {
            throw new NoKeyException("requeue");
        }
        return switch ((int) take(key, "requeue")) {
            case 1 -> new Requeued(1, 0, 0);
            case 2 -> new Requeued(0, 1, 0);
            case 4 -> new Requeued(0, 0, 1);
            default -> new Requeued(0, 0, 0);
        };
    }

    /**
     * Removes one key's entry and its value for good; an entry naming a key that is no push key (a forged or
     * malformed entry) is removed, its key's value kept.
     *
     * @return the entries removed (0 or 1)
     */
    public long purge(String key) {
        if (key == null || key.isBlank()) {
            throw new NoKeyException("purge");
        }
        long outcome = take(key, "purge");
        if (outcome == 3 && settings.clusterLayout()) {
            // the entry is gone; its value (another slot) goes now. A crash between leaves a value no list names.
            redis.delete(key);
        }
        return outcome == 3 || outcome == 4 ? 1 : 0;
    }

    /** @return the take script's outcome: 0 not dead-lettered, 1 requeued, 2 without value, 3 purged, 4 not a push key */
    private long take(String key, String action) {
        catchUp();
        String known = "";
        if (settings.clusterLayout()) {
            // the value is in another slot: asked here, just before
            known = action.equals("requeue") && Boolean.TRUE.equals(redis.hasKey(key)) ? "1" : "0";
        }
        // a few tries: another instance may move the entry between the look and the script (then it answers -1)
        for (int attempt = 0; attempt < 3; attempt++) {
            Object entry = redis.opsForHash().get(names.deadLetterIndex(), key);
            Long at = entry == null ? null : locate(entry.toString());
            if (at == null) {
                // not dead-lettered; or indexed but gone from the list (an older instance's requeue or purge)
                return 0;
            }
            List<?> answer = redis.execute(TAKE, keys, key, action, Long.toString(at), Integer.toString(inPlaceWindow),
                    settings.keyPrefix(), known);
            long outcome = ((Number) answer.get(0)).longValue();
            if (outcome != -1) {
                return outcome;
            }
        }
        LOG.warn("dead letter {} kept moving while it was looked for; nothing done, try again", key);
        return 0;
    }

    /**
     * Where an entry is on the list, as a list index (0 the newest, -1 the oldest), or null: read in LRANGEs of
     * {@value #FIND_CHUNK} and compared here, not in Redis (a script handed that many strings takes tens of ms). The
     * newest first (what an operator most often acts on), then from the oldest, whose positions counted from the tail
     * do not move as new entries are pushed at the head.
     */
    private Long locate(String entry) {
        String list = names.deadLetterQueue();
        List<String> newest = redis.opsForList().range(list, 0, FIND_CHUNK - 1L);
        int found = newest == null ? -1 : newest.indexOf(entry);
        if (found >= 0) {
            return (long) found;
        }
        long length = count();
        for (long offset = 0; offset < length; offset += FIND_CHUNK) {
            List<String> chunk = redis.opsForList().range(list, -(offset + FIND_CHUNK), -(offset + 1));
            if (chunk == null || chunk.isEmpty()) {
                break;
            }
            int last = chunk.lastIndexOf(entry);
            if (last >= 0) {
                return -(offset + (chunk.size() - 1 - last)) - 1;
            }
            if (chunk.size() < FIND_CHUNK) {
                break;
            }
        }
        return null;
    }

    /** Every entry back on the push queue (those with a value), oldest first, a chunk per call. */
    public Requeued requeueAll() {
        long[] totals = drain("requeue");
        return new Requeued(totals[1], totals[2], totals[4]);
    }

    /** Every entry and its value removed for good, oldest first, a chunk per call; returns the entries removed. */
    public long purgeAll() {
        return drain("purge")[0];
    }

    /**
     * Takes the list's tail a chunk at a time until it is empty, or until as many entries as it held at the start
     * are taken (what is dead-lettered meanwhile, say a requeued key failing again, waits for the next call).
     *
     * @return {taken, requeued, removed without value, purged, not push keys}
     */
    private long[] drain(String action) {
        long[] totals = new long[5];
        long start = count();
        long began = System.nanoTime();
        long lastLog = began;
        int emptyRounds = 0;
        for (long round = 0; totals[0] < start && round < start / DRAIN_CHUNK + 10 && emptyRounds < 3; round++) {
            List<?> answer = settings.clusterLayout() ? clusterDrainChunk(action) : redis.execute(DRAIN, keys, action,
                    Integer.toString(DRAIN_CHUNK), settings.keyPrefix(), "");
            for (int i = 0; i < 5; i++) {
                totals[i] += ((Number) answer.get(i)).longValue();
            }
            if (settings.clusterLayout()) {
                // the entries are gone; their values (other slots) go now. A crash between leaves values no list names.
                answer.stream().skip(6).map(Object::toString).forEach(redis::delete);
            }
            long left = ((Number) answer.get(5)).longValue();
            emptyRounds = ((Number) answer.get(0)).longValue() == 0 ? emptyRounds + 1 : 0;
            if (left == 0) {
                break;
            }
            if (System.nanoTime() - lastLog > 5_000_000_000L) {
                lastLog = System.nanoTime();
                LOG.info("{} of every dead letter in {}: {} of {} entries taken, {} left", action, names.deadLetterQueue(), totals[0], start, left);
            }
        }
        LOG.info("{} of every dead letter in {}: {} entries taken ({} requeued, {} without value, {} purged, {} not push keys) in {} ms",
                action, names.deadLetterQueue(), totals[0], totals[1], totals[2], totals[3], totals[4], (System.nanoTime() - began) / 1_000_000);
        return totals;
    }

    /** The cluster layout: the chunk is read first, and whether each push key has a value asked (other slots). */
    private List<?> clusterDrainChunk(String action) {
        List<String> args = new ArrayList<>(List.of(action, Integer.toString(DRAIN_CHUNK), settings.keyPrefix(), "cluster"));
        List<String> chunk = redis.opsForList().range(names.deadLetterQueue(), -DRAIN_CHUNK, -1);
        for (String entry : chunk == null ? List.<String>of() : chunk) {
            JsonNode parsed = parse(entry);
            JsonNode key = parsed == null ? null : parsed.get("key");
            if (key != null && key.isTextual() && pushKey.matcher(key.asText()).matches()) {
                args.add(key.asText());
                args.add(action.equals("requeue") && Boolean.TRUE.equals(redis.hasKey(key.asText())) ? "1" : "0");
            }
        }
        return redis.execute(DRAIN, keys, args.toArray());
    }

    /**
     * Indexes what was dead-lettered since the last call (on a list from before the index, everything), a chunk per
     * call, with progress in the log when it takes a while (a first use on a long legacy list).
     */
    void catchUp() {
        long length = count();
        long began = System.nanoTime();
        long lastLog = began;
        Long left = null;
        for (long round = 0; round < length / INDEX_CHUNK + 10; round++) {
            left = redis.execute(INDEX, List.of(names.deadLetterQueue(), names.deadLetterIndex(), names.deadLetterIndexed()),
                    Integer.toString(INDEX_CHUNK));
            if (left == null || left == 0) {
                break;
            }
            if (System.nanoTime() - lastLog > 5_000_000_000L) {
                lastLog = System.nanoTime();
                LOG.info("indexing the dead letters of {}: {} entries left", names.deadLetterQueue(), left);
            }
        }
        long millis = (System.nanoTime() - began) / 1_000_000;
        if (millis > 1_000) {
            LOG.info("indexed the dead letters of {} in {} ms ({} entries left)", names.deadLetterQueue(), millis, left);
        }
    }
}
