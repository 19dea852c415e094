package io.github.redispush.queue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.redispush.config.PushSettings;
import io.github.redispush.config.RedisKeys;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The delivery history (push.history.*): a Redis stream of outcomes, one entry per delivered, retried or
 * dead-lettered push, written by the script that settles the push (acknowledge, scheduleRetry, deadLetter), so it
 * costs no round trip of its own; capped by count and age (includes/recordOutcome.lua). Here: what those scripts are
 * given, and the search that answers "did uid 42 get it?", newest first.
 * <p>
 * An entry is three fields, {@code key}, {@code result} and {@code reason}; the result packs the outcome, retry time,
 * status, attempt, ms, instance and code ({@link DeliveryOutcome#resultTail}), and the uid is the key's own third
 * part. Ten fields cost the scripts twice as much per push, most of the history's cost in the anchors harness.
 */
public class DeliveryHistory {

    /** Entries read per XREVRANGE while searching: a few hundred kB, so Redis is never held long. */
    static final int SEARCH_CHUNK = 2000;

    private final StringRedisTemplate redis;
    private final String stream;
    private final boolean enabled;
    private final long maxSearched;
    private final String cap;
    private final String maxAgeMillis;
    private final String instance;
    /** System.nanoTime() after which the next settling call trims the history by age. */
    private final AtomicLong nextTrim = new AtomicLong(System.nanoTime());

    public DeliveryHistory(StringRedisTemplate redis, PushSettings settings) {
        this.redis = redis;
        this.stream = RedisKeys.of(settings).history();
        this.enabled = settings.historyEnabled();
        // MAXLEN ~ keeps up to a node more than the cap: a search reads the whole history, never more
        this.maxSearched = settings.historyMaxEntries() + 2L * SEARCH_CHUNK;
        this.cap = enabled ? Integer.toString(settings.historyMaxEntries()) : "";
        this.maxAgeMillis = Long.toString(settings.historyMaxAge().toMillis());
        this.instance = instanceName();
    }

    public boolean enabled() {
        return enabled;
    }

    public String stream() {
        return stream;
    }

    /**
     * The cap in entries ('' when the history is off) and, at most once a second, the maximum age in ms: the call
     * that gets it trims the history by age ('' for every other call). Entries older than the age go a second late
     * at worst, and a push's settling call pays for no trim of its own.
     */
    String[] scriptHeader() {
        long now = System.nanoTime();
        long due = nextTrim.get();
        boolean trims = enabled && now - due >= 0 && nextTrim.compareAndSet(due, now + TRIM_EVERY_NANOS);
        return new String[] {cap, trims ? maxAgeMillis : ""};
    }

    private static final long TRIM_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** hostname:pid of this process, as the entries name it. */
    String instance() {
        return instance;
    }

    /**
     * What one search found: the entries, newest first; how many entries it looked at; whether it looked at every
     * entry of the history (false: it stopped at its limit, or older entries are left unread).
     */
    public record Found(List<Map<String, Object>> entries, long searched, boolean wholeHistory) {
    }

    /**
     * The newest {@code limit} entries for the uid and/or the key (both given: both must match), reading the
     * history from its newest entry back, a chunk at a time, until it has them or has read it all.
     */
    public Found search(String uid, String key, int limit) {
        List<Map<String, Object>> found = new ArrayList<>();
        long searched = 0;
        Range<String> range = Range.unbounded();
        while (searched < maxSearched) {
            List<MapRecord<String, Object, Object>> chunk = redis.opsForStream().reverseRange(stream, range, Limit.limit().count(SEARCH_CHUNK));
            if (chunk == null || chunk.isEmpty()) {
                return new Found(found, searched, true);
            }
            for (MapRecord<String, Object, Object> entry : chunk) {
                searched++;
                Map<Object, Object> fields = entry.getValue();
                Object entryKey = fields.get("key");
                if ((key == null || key.equals(entryKey)) && (uid == null || uid.equals(uidOf(entryKey)))) {
                    found.add(shown(entry.getId().getValue(), entry.getId().getTimestamp(), fields));
                    if (found.size() == limit) {
                        return new Found(found, searched, false);
                    }
                }
            }
            if (chunk.size() < SEARCH_CHUNK) {
                return new Found(found, searched, true);
            }
            // the next chunk: older than the oldest one read (exclusive bound)
            range = Range.of(Range.Bound.unbounded(), Range.Bound.exclusive(chunk.get(chunk.size() - 1).getId().getValue()));
        }
        return new Found(found, searched, false);
    }

    /** Entries in the history now (XLEN). */
    public long length() {
        Long length = redis.opsForStream().size(stream);
        return length == null ? 0 : length;
    }

    private static final PushKeyParser KEYS = new PushKeyParser();

    /** The uid of a key as the worker reads it; null for a key that does not parse (it was dead-lettered for that). */
    static String uidOf(Object key) {
        try {
            return KEYS.parse(key == null ? null : key.toString()).uid();
        } catch (MalformedPushKeyException notAPushKey) {
            return null;
        }
    }

    /** The values packed in an entry's result (see includes/recordOutcome.lua): the code last, it may hold a '|'. */
    private static final int OUTCOME = 0, RETRY_IN_MS = 1, STATUS = 2, ATTEMPT = 3, MS = 4, INSTANCE = 5, CODE = 6;

    private static Map<String, Object> shown(String id, Long at, Map<Object, Object> fields) {
        Object result = fields.get("result");
        String[] values = Arrays.copyOf(result == null ? new String[0] : result.toString().split("\\|", CODE + 1), CODE + 1);
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("outcome", values[OUTCOME]);
        named.put("key", fields.get("key"));
        named.put("uid", uidOf(fields.get("key")));
        named.put("status", values[STATUS]);
        named.put("code", values[CODE]);
        named.put("attempt", values[ATTEMPT]);
        named.put("ms", values[MS]);
        named.put("reason", fields.get("reason"));
        named.put("retryInMs", values[RETRY_IN_MS]);
        named.put("instance", values[INSTANCE]);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("at", at);
        named.forEach((name, value) -> {
            if (value != null && !value.toString().isEmpty()) {
                entry.put(name, NUMBERS.contains(name) ? number(value.toString()) : value);
            }
        });
        return entry;
    }

    private static final List<String> NUMBERS = List.of("status", "attempt", "ms", "retryInMs");

    private static Object number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notOne) {
            return text;
        }
    }

    /** hostname:pid, as Sidekiq names a process: which of several instances settled the push. */
    static String instanceName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        // a '|' would end the result's instance early (it separates the result's values)
        return host.replace('|', '_') + ":" + ProcessHandle.current().pid();
    }
}
