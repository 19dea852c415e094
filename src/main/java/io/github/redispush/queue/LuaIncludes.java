package io.github.redispush.queue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves BullMQ's {@code --- @include "includes/<name>"} lines: each line is replaced by the text of
 * {@code includes/<name>.lua}, itself resolved, so a rule several scripts share is written once. Names are relative to
 * the {@code lua/} folder from any script (a cluster script includes {@code "includes/now"} too). As in BullMQ, a file
 * is included once per script, where it is first asked for: two includes that both need the Redis clock do not define
 * it twice.
 * <p>
 * An include holds functions and no {@code KEYS} or {@code ARGV}: which key is which stays in the top script, where
 * its header says it, and {@link LuaScripts#withPushKeyAsArgument} can rewrite the top script's references safely.
 */
final class LuaIncludes {

    private static final Pattern INCLUDE = Pattern.compile("(?m)^--- @include \"([^\"]+)\"[ \\t]*$");
    private static final Pattern KEYS_OR_ARGV = Pattern.compile("\\b(KEYS|ARGV)\\b");

    /** Text of a script by its name below {@code lua/} without {@code .lua}; null when there is no such file. */
    private final Function<String, String> source;

    LuaIncludes(Function<String, String> source) {
        this.source = source;
    }

    /** The script with every include line replaced, recursively; an error names the script and what went wrong. */
    String resolve(String name) {
        String text = source.apply(name);
        if (text == null) {
            throw new IllegalStateException("Lua script " + name + ".lua is missing");
        }
        Deque<String> path = new ArrayDeque<>();
        path.addLast(name);
        return expand(name, text, path, new HashSet<>());
    }

    private String expand(String script, String text, Deque<String> path, Set<String> included) {
        Matcher include = INCLUDE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (include.find()) {
            out.append(text, from, include.start());
            from = include.end();
            String name = include.group(1);
            if (path.contains(name)) {
                throw new IllegalStateException("Lua script " + script + ".lua: include cycle " + String.join(" -> ", path) + " -> " + name);
            }
            if (!included.add(name)) {
                out.append("-- (").append(name).append(" is included above)");
                continue;
            }
            String body = source.apply(name);
            if (body == null) {
                throw new IllegalStateException("Lua script " + script + ".lua: " + path.getLast() + " includes \"" + name + "\", but "
                        + name + ".lua is missing");
            }
            if (KEYS_OR_ARGV.matcher(withoutComments(body)).find()) {
                throw new IllegalStateException("Lua script " + script + ".lua: include " + name
                        + ".lua uses KEYS or ARGV; pass them from the top script instead");
            }
            path.addLast(name);
            out.append(expand(script, stripTrailingNewline(body), path, included));
            path.removeLast();
        }
        out.append(text, from, text.length());
        return out.toString();
    }

    private static String withoutComments(String lua) {
        return lua.replaceAll("(?m)--.*$", "");
    }

    private static String stripTrailingNewline(String body) {
        return body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
    }
}
