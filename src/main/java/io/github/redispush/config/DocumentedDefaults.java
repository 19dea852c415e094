package io.github.redispush.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code push.*} defaults as documented in the jar's own copy of application.properties (the README's
 * configuration table is checked against it), for applications that embed the pipeline and set only what they change.
 */
public final class DocumentedDefaults {

    private static final String PACKAGED = "redis-push/application.properties";

    private DocumentedDefaults() {
    }

    public static Map<String, String> push() {
        Properties documented = new Properties();
        try (InputStream in = DocumentedDefaults.class.getClassLoader().getResourceAsStream(PACKAGED)) {
            if (in == null) {
                throw new IllegalStateException(PACKAGED + " is missing from the classpath");
            }
            documented.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PACKAGED, e);
        }
        Map<String, String> defaults = new HashMap<>();
        for (String key : documented.stringPropertyNames()) {
            if (key.startsWith("push.")) {
                defaults.put(key, documented.getProperty(key).trim());
            }
        }
        return defaults;
    }
}
