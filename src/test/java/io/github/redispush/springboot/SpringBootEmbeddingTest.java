package io.github.redispush.springboot;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import javax.management.ObjectName;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.redispush.PushBeans;
import io.github.redispush.support.TestRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The README's "Spring Boot" embedding, done as it says: a Spring Boot application with camel-spring-boot, the
 * packaged routes named in its application.properties and the beans bound by a CamelContextConfiguration. It
 * delivers messages a PHP producer wrote into a real Redis to a real HTTP server, and its routes are in JMX.
 */
class SpringBootEmbeddingTest {

    private TestRedis redis;
    private WireMockServer provider;
    private ConfigurableApplicationContext spring;

    /** The application of the README: nothing but its CamelContextConfiguration bean. */
    @SpringBootApplication
    public static class EmbeddingApplication {

        @Bean
        CamelContextConfiguration redisPush() {
            return new CamelContextConfiguration() {
                public void beforeApplicationStart(CamelContext context) {
                    try { PushBeans.bindTo(context); } catch (Exception e) { throw new IllegalStateException(e); }
                }
                public void afterApplicationStart(CamelContext context) { }
            };
        }
    }

    @BeforeEach
    void startRedisProviderAndApplication() {
        redis = new TestRedis().start();
        provider = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        provider.start();
        provider.stubFor(post("/send").willReturn(ok("{\"code\":200}")));
        spring = new SpringApplication(EmbeddingApplication.class).run(
                "--spring.config.location=classpath:/spring-boot-embedding/application.properties",
                "--push.redis.url=" + redis.url(),
                "--push.url=http://127.0.0.1:" + provider.port() + "/send");
    }

    @AfterEach
    void stopAll() {
        if (spring != null) {
            spring.close();
        }
        provider.stop();
        redis.stop();
    }

    @Test
    void deliversWhatAPhpProducerWroteAndShowsTheRoutesInJmx() throws Exception {
        redis.phpProducerWrites("rabbit_push_7_123456", "from PHP");
        redis.phpProducerWrites("rabbit_push_8_654321", "also from PHP");

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> redis.get("rabbit_push_7_123456") == null && redis.get("rabbit_push_8_654321") == null);
        provider.verify(1, postRequestedFor(urlEqualTo("/send"))
                .withRequestBody(equalToJson("{\"uid\":\"7\",\"content\":\"from PHP\",\"key\":\"rabbit_push_7_123456\"}")));
        provider.verify(1, postRequestedFor(urlEqualTo("/send"))
                .withRequestBody(equalToJson("{\"uid\":\"8\",\"content\":\"also from PHP\",\"key\":\"rabbit_push_8_654321\"}")));
        assertThat(redis.list("temp_queue")).isEmpty();

        CamelContext camel = spring.getBean(CamelContext.class);
        Set<String> routes = ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("org.apache.camel:context=" + camel.getManagementName() + ",type=routes,*"), null).stream()
                .map(name -> ObjectName.unquote(name.getKeyProperty("name"))).collect(Collectors.toSet());
        assertThat(routes).contains("reliable-move", "lookup", "parse", "deliver", "dead-letter", "redeliver-temp-queue");
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.github.redispush:type=PushQueue,*"), null))
                .isNotEmpty();
    }
}
