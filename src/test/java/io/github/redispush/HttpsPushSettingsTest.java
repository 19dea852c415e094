package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.redispush.delivery.ProviderAnswerHeaders;
import io.github.redispush.support.PipelineTestSupport;
import io.github.redispush.support.SelfSignedCertificate;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.StringHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * camel-http registers two components, {@code http} and {@code https}, one instance each, and camel-main applies
 * {@code camel.component.http.*} to the first only. Pushes to an https:// provider (RongCloud's hosts, most push.url
 * values) go through the second: it must run with every setting application.properties gives the first, and a
 * push over real TLS (WireMock with a self-signed certificate, trusted by this test only) must show it.
 */
class HttpsPushSettingsTest extends PipelineTestSupport {

    private static SelfSignedCertificate certificate;
    private static WireMockServer tlsReceiver;

    @BeforeAll
    static void startTlsReceiver() throws Exception {
        certificate = SelfSignedCertificate.create();
        tlsReceiver = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true)
                .dynamicHttpsPort().keystorePath(certificate.keystore.toString()).keystoreType("PKCS12")
                .keystorePassword(SelfSignedCertificate.PASSWORD).keyManagerPassword(SelfSignedCertificate.PASSWORD));
        tlsReceiver.start();
    }

    @AfterAll
    static void stopTlsReceiver() {
        tlsReceiver.stop();
    }

    @Override
    protected void stubReceiver() {
        tlsReceiver.resetAll();
        tlsReceiver.stubFor(post("/push").willReturn(ok("{\"code\":200}")));
        tlsReceiver.stubFor(post("/busy").willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "1")
                .withHeader("Content-Type", "application/json")
                .withHeader("X-Request-Id", "r-1")
                .withBody("{\"code\":1008}")));
    }

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.url", tlsUrl("/push"));
        // the test's own trust in its self-signed certificate; production keeps the JVM's default trust
        p.put("camel.ssl.enabled", "true");
        p.put("camel.ssl.trust-store", "file:" + certificate.truststore);
        p.put("camel.ssl.trust-store-password", SelfSignedCertificate.PASSWORD);
        p.put("camel.component.https.use-global-ssl-context-parameters", "true");
        return p;
    }

    @Test
    void theHttpsComponentHasEverySettingApplicationPropertiesGivesTheHttpOne() throws IOException {
        HttpComponent http = context.getComponent("http", HttpComponent.class);
        HttpComponent https = context.getComponent("https", HttpComponent.class);

        List<String> options = httpOptionsInApplicationProperties();
        assertThat(options).contains("connect-timeout", "so-timeout", "response-timeout", "automatic-retries-disabled",
                "connections-per-route", "copy-headers", "header-filter-strategy");
        for (String option : options) {
            assertThat(comparable(option(https, option))).as("https " + option).isEqualTo(comparable(option(http, option)));
        }
        // the values themselves, and PipelineTestSupport's override of the http response timeout followed too
        assertThat(https.getConnectTimeout()).isEqualTo(2000);
        assertThat(https.getResponseTimeout()).isEqualTo(1000);
        assertThat(https.getSoTimeout()).isEqualTo(1000);
        assertThat(https.isAutomaticRetriesDisabled()).isTrue();
        assertThat(https.getConnectionsPerRoute()).isEqualTo(64);
        assertThat(https.isCopyHeaders()).isFalse();
        assertThat(https.getHeaderFilterStrategy()).isInstanceOf(ProviderAnswerHeaders.class);
    }

    @Test
    void everyHttpLineOfApplicationPropertiesHasItsHttpsLineThatReadsIt() throws IOException {
        // one place to edit: the https line takes its value from the http one, so -D overrides reach both
        Properties properties = applicationProperties();
        for (String option : httpOptionsInApplicationProperties()) {
            assertThat(properties.getProperty("camel.component.https." + option)).as("camel.component.https." + option)
                    .isEqualTo("{{camel.component.http." + option + "}}");
        }
    }

    @Test
    void aPushIsDeliveredOverTls() {
        redis.phpProducerWrites("rabbit_push_20_175990", "hello over TLS");

        eventually().until(() -> tlsReceiver.findAll(postRequestedFor(urlEqualTo("/push"))).size() == 1
                && redis.list("temp_queue").isEmpty() && redis.get("rabbit_push_20_175990") == null);

        tlsReceiver.verify(1, postRequestedFor(urlEqualTo("/push")).withRequestBody(containing("hello over TLS")));
        assertThat(redis.list("push_dead_letter")).isEmpty();
    }

    @Test
    void aBusyAnswerOverTlsIsOneRequestAndBringsBackOnlyTheHeadersTheRoutesRead() {
        Exchange answer = template.request(tlsUrl("/busy") + "?throwExceptionOnFailure=false", exchange -> {
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody("{\"uid\":\"1\"}");
        });

        // HttpClient's own retry of a 429 would have sent the POST twice; the routes decide instead
        tlsReceiver.verify(1, postRequestedFor(urlEqualTo("/busy")));
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(429);
        assertThat(answer.getMessage().getHeader("Retry-After", String.class)).isEqualTo("1");
        assertThat(answer.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class)).isEqualTo("application/json");
        assertThat(answer.getMessage().getHeaders()).doesNotContainKeys("X-Request-Id", "Date", "Matched-Stub-Id");
    }

    private static String tlsUrl(String path) {
        return "https://127.0.0.1:" + tlsReceiver.httpsPort() + path;
    }

    /** The options application.properties sets on the http component, as written there (kebab-case). */
    private static List<String> httpOptionsInApplicationProperties() throws IOException {
        Properties properties = applicationProperties();
        String prefix = "camel.component.http.";
        return properties.stringPropertyNames().stream().filter(name -> name.startsWith(prefix))
                .map(name -> name.substring(prefix.length())).sorted().toList();
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(Path.of("application.properties"))));
        return properties;
    }

    private Object option(HttpComponent component, String option) {
        return PluginHelper.getBeanIntrospection(context)
                .getOrElseProperty(component, StringHelper.dashToCamelCase(option), null, true);
    }

    /** Values as they are; an object such as the header filter strategy by its class (each component has its own). */
    private static Object comparable(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean || value instanceof String
                ? value : value.getClass();
    }
}
