package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The class list StartupWarmUp loads ahead of the main thread still names this build's classes: after a dependency
 * upgrade a stale list only loses its head start silently, so this says when to run bench/startup-classes.sh again.
 */
class StartupClassesTest {

    @Test
    void theListNamesClassesOfThisClassPath() throws IOException {
        List<String> names = new ArrayList<>();
        ClassLoader loader = StartupWarmUp.class.getClassLoader();
        try (InputStream list = loader.getResourceAsStream(StartupWarmUp.STARTUP_CLASSES)) {
            assertThat(list).as(StartupWarmUp.STARTUP_CLASSES).isNotNull();
            new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8)).lines().forEach(names::add);
        }
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(name);
            }
        }

        assertThat(names).hasSizeGreaterThan(1000);
        // a few may come and go with the JDK's update; many gone means the list is stale
        assertThat(missing).as("classes of %s not found: run bench/startup-classes.sh", StartupWarmUp.STARTUP_CLASSES)
                .hasSizeLessThan(names.size() / 50);
    }
}
