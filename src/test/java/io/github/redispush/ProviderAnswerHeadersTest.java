package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.redispush.support.PipelineTestSupport;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * The http component as application.properties sets it up (ProviderAnswerHeaders): a request carries its own
 * headers and none of Camel's; of the answer's headers only Retry-After and Content-Type reach the message.
 */
class ProviderAnswerHeadersTest extends PipelineTestSupport {

    @Override
    protected void stubReceiver() {
        super.stubReceiver();
        receiver.stubFor(post("/answer-headers").willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json")
                .withHeader("X-Request-Id", "r-1")
                .withHeader("CamelHttpUri", "http://elsewhere.invalid/")
                .withBody("{\"code\":1008}")));
    }

    @Test
    void onlyTheHeadersTheRoutesReadComeBack() {
        Exchange answer = template.request("http://127.0.0.1:" + receiver.port() + "/answer-headers?throwExceptionOnFailure=false",
                exchange -> {
                    exchange.getMessage().setHeaders(new HashMap<>(Map.of(
                            "Authorization", "Bearer t", "CamelHttpMethod", "POST", "Content-Type", "application/json")));
                    exchange.getMessage().setBody("{\"uid\":\"1\"}");
                });

        Map<String, Object> headers = answer.getMessage().getHeaders();
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(429);
        assertThat(answer.getMessage().getHeader("Retry-After", String.class)).isEqualTo("7");
        assertThat(answer.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class)).isEqualTo("application/json");
        assertThat(answer.getMessage().getBody(String.class)).isEqualTo("{\"code\":1008}");
        assertThat(headers).doesNotContainKeys("X-Request-Id", "Date", "Server", "Matched-Stub-Id");
        assertThat(answer.getMessage().getHeader("CamelHttpUri")).isNull();

        receiver.verify(1, postRequestedFor(urlEqualTo("/answer-headers")).withHeader("Authorization", equalTo("Bearer t")));
        LoggedRequest sent = receiver.findAll(postRequestedFor(urlEqualTo("/answer-headers"))).get(0);
        assertThat(sent.getHeaders().keys()).noneMatch(name -> name.toLowerCase().startsWith("camel"));
    }
}
