package io.github.redispush.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * With route reload on, editing a YAML route while the jar runs changes what it does without a restart, and a
 * file with a syntax error is reported while the running routes keep delivering.
 */
class RouteReloadIT extends FaultTestSupport {

    @Test
    void anEditedRouteTakesEffectAndABrokenFileIsReported() throws Exception {
        Path routes = Files.createTempDirectory("routes");
        for (Path file : Files.newDirectoryStream(Path.of("routes"), "*.yaml")) {
            Files.copy(file, routes.resolve(file.getFileName()));
        }
        // the provider routes in their subfolder, as in the project (the dev profile watches it too)
        Files.createDirectories(routes.resolve("providers"));
        for (Path file : Files.newDirectoryStream(Path.of("routes/providers"), "*.yaml")) {
            Files.copy(file, routes.resolve("providers").resolve(file.getFileName()));
        }
        Map<String, String> properties = appProperties();
        properties.put("camel.main.routesIncludePattern", "file:" + routes + "/*.yaml,file:" + routes + "/providers/*.yaml");
        properties.put("camel.main.profile", "dev");
        properties.put("camel.main.routesReloadDirectory", routes.toString());

        try (AppInstance app = new AppInstance("reload", properties)) {
            app.start();
            redis.phpProducerWrites("rabbit_push_1_111111", "before the edit");
            within(Duration.ofSeconds(20)).until(() -> redis.get("rabbit_push_1_111111") == null);
            receiver.verify(0, postRequestedFor(urlEqualTo("/push")).withHeader("X-Push-Source", equalTo("redis-push")));

            // the edit a user makes: one more header on the request to the provider
            Path delivery = routes.resolve("providers/generic.camel.yaml");
            String anchor = """
                            - setHeader:
                                name: Content-Type
                                constant: application/json; charset=UTF-8
                    """;
            String original = Files.readString(delivery);
            assertThat(original).contains(anchor);
            Files.writeString(delivery, original.replace(anchor, anchor + """
                            - setHeader:
                                name: X-Push-Source
                                constant: redis-push
                    """));
            within(Duration.ofSeconds(30)).until(() -> app.count("Routes reloaded") >= 1);
            redis.phpProducerWrites("rabbit_push_2_222222", "after the edit");
            within(Duration.ofSeconds(20)).until(() -> redis.get("rabbit_push_2_222222") == null);
            receiver.verify(1, postRequestedFor(urlEqualTo("/push")).withHeader("X-Push-Source", equalTo("redis-push")));

            Files.writeString(routes.resolve("broken.camel.yaml"), "- route:\n    id: broken\n    from: [unclosed\n");
            within(Duration.ofSeconds(30)).until(() -> app.count("Error reloading routes from file") >= 1);
            assertThat(app.log()).contains("Error pre-parsing resource: file:" + routes.resolve("broken.camel.yaml"));
            redis.phpProducerWrites("rabbit_push_3_333333", "after the broken file");
            within(Duration.ofSeconds(20)).until(() -> redis.get("rabbit_push_3_333333") == null);
            assertThat(app.isAlive()).isTrue();
        }
        receiver.verify(3, postRequestedFor(urlEqualTo("/push")));
    }
}
