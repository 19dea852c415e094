package io.github.redispush.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

/**
 * push.tracing.enabled on the packaged jar alone, no agent: the SDK it carries reads the standard OTEL_* variables and
 * exports the push's spans over OTLP/HTTP to the collector they name, in the trace whose traceparent the provider got.
 * On the jar, since the exporter is found through META-INF/services files that the fat jar must keep.
 */
class TracingExportIT extends FaultTestSupport {

    @Test
    void thePackagedJarExportsTheTraceItSendsToTheProvider() throws Exception {
        WireMockServer collector = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        collector.start();
        try {
            collector.stubFor(post("/v1/traces").willReturn(aResponse().withStatus(200)));
            Map<String, String> properties = appProperties();
            properties.put("push.tracing.enabled", "true");
            try (AppInstance app = new AppInstance("tracing", properties)
                    .environment("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.port())
                    .environment("OTEL_BSP_SCHEDULE_DELAY", "200")) {
                app.start();
                List<String> keys = redis.phpProducerWrites(1, "traced");
                within(Duration.ofSeconds(30)).until(() -> redis.get(keys.get(0)) == null);
                within(Duration.ofSeconds(30)).until(() -> !collector.findAll(postRequestedFor(urlEqualTo("/v1/traces"))).isEmpty());

                String traceparent = receiver.getAllServeEvents().get(0).getRequest().getHeader("traceparent");
                assertThat(traceparent).as("the provider's request").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
                byte[] traceId = HexFormat.of().parseHex(traceparent.substring(3, 35));
                List<LoggedRequest> exports = collector.findAll(postRequestedFor(urlEqualTo("/v1/traces")));
                assertThat(exports.get(0).getHeader("Content-Type")).isEqualTo("application/x-protobuf");
                assertThat(exports.stream().anyMatch(export -> contains(export.getBody(), traceId)))
                        .as("an export carries the provider's trace id").isTrue();
                assertThat(app.log()).contains("tracing pushes with OpenTelemetry (push.tracing.enabled) through the SDK");
            }
        } finally {
            collector.stop();
        }
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
