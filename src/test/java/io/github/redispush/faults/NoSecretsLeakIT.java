package io.github.redispush.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import io.github.redispush.redis.EmbeddedRedis;
import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * A run with every kind of secret set (Redis password, provider app secret, intake token), given through the
 * environment as the README advises: none of them appears in the log or in any attribute of the app's MBeans.
 */
class NoSecretsLeakIT extends FaultTestSupport {

    private static final String REDIS_PASSWORD = "REDIS-PASS-7f3a";
    private static final String APP_SECRET = "APP-SECRET-91c2";
    private static final String INTAKE_TOKEN = "INTAKE-TOKEN-5d8e";
    private static final List<String> SECRETS = List.of(REDIS_PASSWORD, APP_SECRET, INTAKE_TOKEN);

    @Test
    void secretsStayOutOfLogsAndJmx() throws Exception {
        TestRedis secured = TestRedis.withPassword(REDIS_PASSWORD).start();
        int jmxPort = EmbeddedRedis.freePort();
        Map<String, String> properties = appProperties();
        properties.remove("push.redis.url");
        properties.put("push.auth.profile", "rongcloud");
        properties.put("push.auth.app-key", "app-key-1");
        properties.put("com.sun.management.jmxremote.port", Integer.toString(jmxPort));
        properties.put("com.sun.management.jmxremote.host", "127.0.0.1");
        properties.put("com.sun.management.jmxremote.authenticate", "false");
        properties.put("com.sun.management.jmxremote.ssl", "false");
        properties.put("java.rmi.server.hostname", "127.0.0.1");
        // one push refused, so the failure paths log too (a 400: a 401/403 would halt delivery rather than dead-letter)
        receiver.stubFor(post("/push").withRequestBody(containing("refused")).atPriority(1).willReturn(aResponse().withStatus(400)));

        try (AppInstance app = new AppInstance("secrets", properties)
                .environment("PUSH_REDIS_URL", "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + secured.port())
                .environment("PUSH_AUTH_SECRET", APP_SECRET)
                .environment("PUSH_INTAKE_TOKEN", INTAKE_TOKEN)) {
            app.start();
            HttpClient http = HttpClient.newHttpClient();
            for (String content : List.of("hello", "refused")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.property("camel.server.port") + "/push"))
                        .header("Authorization", "Bearer " + INTAKE_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"1\",\"content\":\"" + content + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(202);
            }
            within(Duration.ofSeconds(20)).until(() -> secured.length("push_dead_letter") == 1 && secured.length("temp_queue") == 0);

            List<String> attributes = allAttributes(jmxPort);
            assertThat(attributes).as("MBean attributes read").hasSizeGreaterThan(100);
            for (String secret : SECRETS) {
                assertThat(app.log()).as("log").doesNotContain(secret);
                assertThat(attributes).as("JMX").noneMatch(a -> a.contains(secret));
            }
        } finally {
            secured.stop();
        }
    }

    /** Every readable attribute of the app's own MBeans (Camel's and the pipeline's), as text. */
    private static List<String> allAttributes(int port) throws Exception {
        List<String> values = new ArrayList<>();
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            for (String domain : List.of("org.apache.camel", "io.github.redispush")) {
                for (ObjectName name : jmx.queryNames(new ObjectName(domain + ":*"), null)) {
                    values.add(name.toString());
                    for (MBeanAttributeInfo attribute : jmx.getMBeanInfo(name).getAttributes()) {
                        if (!attribute.isReadable()) {
                            continue;
                        }
                        try {
                            Object value = jmx.getAttribute(name, attribute.getName());
                            values.add(name + " " + attribute.getName() + "=" + (value instanceof Object[] array ? Arrays.deepToString(array) : value));
                        } catch (Exception unreadable) {
                            // some attributes need arguments or a running feature: nothing to leak there
                        }
                    }
                }
            }
        }
        return values;
    }
}
