package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.redispush.config.PushSettings;
import io.github.redispush.config.RongCloudSettings;
import io.github.redispush.ops.OpsSettings;
import org.junit.jupiter.api.Test;

/** application.properties, the configuration table (docs/configuration.md) and the built-in defaults say the same thing. */
class ConfigurationReferenceTest {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(push\\.[a-z0-9.-]+)` \\| (?:`([^`]*)`|\\*\\(empty\\)\\*) \\|");

    @Test
    void theConfigurationTableListsEveryPushPropertyWithItsDefault() throws IOException {
        Map<String, String> readme = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.find()) {
                readme.put(row.group(1), row.group(2) == null ? "" : row.group(2));
            }
        }

        assertThat(readme).isEqualTo(pushProperties());
    }

    @Test
    void everyPushPropertyHasACommentAboveIt() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("application.properties"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("push.")) {
                assertThat(lines.get(i - 1)).as("comment above " + lines.get(i)).startsWith("#");
            }
        }
    }

    @Test
    void theBuiltInDefaultsAreTheDocumentedOnes() throws IOException {
        // an embedding application may have no application.properties: it must get the same defaults
        Map<String, String> documented = pushProperties();
        assertThat(PushSettings.from(name -> null)).isEqualTo(PushSettings.from(documented::get));
        assertThat(RongCloudSettings.from(name -> null)).isEqualTo(RongCloudSettings.from(documented::get));
        assertThat(OpsSettings.from(name -> null)).isEqualTo(OpsSettings.from(documented::get));
    }

    private static Map<String, String> pushProperties() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(Path.of("application.properties"))));
        Map<String, String> push = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(n -> n.startsWith("push."))
                .forEach(n -> push.put(n, properties.getProperty(n).trim()));
        return push;
    }
}
