package io.github.redispush.queue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 */
public class DeliveryHistory {

    /** Entries read per XREVRANGE while searching: a few hundred kB, so Redis is never held long. */
    static final int SEARCH_CHUNK = 2000;

    private final StringRedisTemplate redis;
    private final String stream;
    private final boolean enabled;
    private final long maxSearched;
    private final String[] scriptHeader;

    public DeliveryHistory(StringRedisTemplate redis, PushSettings settings) {
        this.redis = redis;
        this.stream = RedisKeys.of(settings).history();
        this.enabled = settings.historyEnabled();
        // MAXLEN ~ keeps up to a node more than the cap: a search reads the whole history, never more
        this.maxSearched = settings.historyMaxEntries() + 2L * SEARCH_CHUNK;
        this.scriptHeader = enabled
                ? new String[] {Integer.toString(settings.historyMaxEntries()), Long.toString(settings.historyMaxAge().toMillis()), instanceName()}
                : new String[] {"", "", ""};
    }

    public boolean enabled() {
        return enabled;
    }

    public String stream() {
        return stream;
    }

    /** The cap in entries, the maximum age in ms and this instance's name ('' each when the history is off). */
    String[] scriptHeader() {
        return scriptHeader;
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
                if ((uid == null || uid.equals(fields.get("uid"))) && (key == null || key.equals(fields.get("key")))) {
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

    private static Map<String, Object> shown(String id, Long at, Map<Object, Object> fields) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("at", at);
        for (String name : List.of("outcome", "key", "uid", "status", "code", "attempt", "ms", "reason", "retryInMs", "instance")) {
            Object value = fields.get(name);
            if (value != null && !value.toString().isEmpty()) {
                entry.put(name, NUMBERS.contains(name) ? number(value.toString()) : value);
            }
        }
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
        return host + ":" + ProcessHandle.current().pid();
    }
}
