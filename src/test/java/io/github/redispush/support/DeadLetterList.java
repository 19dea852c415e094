package io.github.redispush.support;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the dead-letter list's JSON entries. */
public final class DeadLetterList {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterList() {
    }

    public static List<JsonNode> entries(TestRedis redis) {
        List<JsonNode> entries = new ArrayList<>();
        for (String entry : redis.list("push_dead_letter")) {
            try {
                entries.add(JSON.readTree(entry));
            } catch (Exception e) {
                throw new AssertionError("dead-letter entry is not JSON: " + entry, e);
            }
        }
        return entries;
    }
}
