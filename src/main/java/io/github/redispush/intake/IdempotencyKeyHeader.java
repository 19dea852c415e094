package io.github.redispush.intake;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The {@code Idempotency-Key} of a {@code POST /push}, as the client sent it in its headers, put where the intake
 * route reads it. platform-http also copies query parameters into the exchange's headers, so {@code ?Idempotency-Key=}
 * would otherwise count as one (the same rule as {@link IntakeAccess}'s); and a key sent twice is refused rather than
 * one of them picked.
 */
public final class IdempotencyKeyHeader {

    public static final String NAME = "Idempotency-Key";

    private IdempotencyKeyHeader() {
    }

    public static void fromRequest(Exchange exchange) {
        exchange.getMessage().removeHeader(NAME);
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            List<String> sent = http.getRequest().headers().getAll(NAME);
            if (sent.size() > 1) {
                throw new InvalidPushRequestException("Idempotency-Key is sent " + sent.size() + " times: send it once");
            }
            if (sent.size() == 1) {
                exchange.getMessage().setHeader(NAME, sent.get(0));
            }
        }
    }
}
