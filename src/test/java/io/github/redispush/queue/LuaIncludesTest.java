package io.github.redispush.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** How an include line is resolved, and the errors that name the script and the include at fault. */
class LuaIncludesTest {

    private static LuaIncludes of(Map<String, String> files) {
        return new LuaIncludes(files::get);
    }

    @Test
    void includesAreResolvedRecursivelyEachOnceWhereFirstAskedFor() {
        LuaIncludes includes = of(Map.of(
                "top", "-- KEYS[1] a list\n--- @include \"includes/a\"\n--- @include \"includes/b\"\nreturn a(b(KEYS[1]))\n",
                "includes/a", "--- @include \"includes/b\"\nlocal function a(x) return x end\n",
                "includes/b", "local function b(x) return x end\n"));

        String resolved = includes.resolve("top");

        assertThat(resolved).doesNotContain("@include")
                .startsWith("-- KEYS[1] a list\nlocal function b(x) return x end\nlocal function a(x) return x end\n")
                .endsWith("return a(b(KEYS[1]))\n");
        assertThat(resolved.split("local function b", -1)).hasSize(2);
    }

    @Test
    void aMissingIncludeIsNamedWithItsScript() {
        LuaIncludes includes = of(Map.of("cluster/top", "--- @include \"includes/a\"\nreturn 1\n",
                "includes/a", "--- @include \"includes/gone\"\nlocal function a() end\n"));

        assertThatThrownBy(() -> includes.resolve("cluster/top"))
                .hasMessageContaining("cluster/top.lua")
                .hasMessageContaining("includes/a includes \"includes/gone\"")
                .hasMessageContaining("includes/gone.lua is missing");
        assertThatThrownBy(() -> includes.resolve("nothing")).hasMessageContaining("nothing.lua is missing");
    }

    @Test
    void aCycleIsRefusedWithItsPath() {
        LuaIncludes includes = of(Map.of("top", "--- @include \"includes/a\"\nreturn 1\n",
                "includes/a", "--- @include \"includes/b\"\n",
                "includes/b", "--- @include \"includes/a\"\n"));

        assertThatThrownBy(() -> includes.resolve("top"))
                .hasMessageContaining("top.lua: include cycle top -> includes/a -> includes/b -> includes/a");
    }

    @Test
    void anIncludeThatUsesKeysOrArgvIsRefused() {
        LuaIncludes includes = of(Map.of("top", "--- @include \"includes/a\"\nreturn 1\n",
                "includes/a", "-- KEYS[1] is named in a comment only: fine\nlocal function a() return ARGV[1] end\n"));

        assertThatThrownBy(() -> includes.resolve("top")).hasMessageContaining("top.lua: include includes/a.lua uses KEYS or ARGV");
    }
}
