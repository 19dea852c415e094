package io.github.redispush.delivery;

import io.github.redispush.PushExchange;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Reads RongCloud's answer: the HTTP status and the {@code {"code": N, "errorMessage": "..."}} every answer carries,
 * into the variables {@code answerStatus}, {@code answerCode} (null when the body has no code) and
 * {@code answerMessage}. Which code means what is the provider route's table (routes/providers/rongcloud.camel.yaml);
 * it then calls one of the methods below, each of which throws the {@link ProviderAnswerException} that tells the
 * error handler what to do.
 */
public class RongCloudAnswer {


    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough of an answer to read RongCloud's reason, never a whole page. */
    private static final int MAX_MESSAGE = 1024;

    private final Duration rateLimitedPause;

    /** @param rateLimitedPause how long every instance holds off after a 1008/429 that names no Retry-After (RongCloud's never do) */
    public RongCloudAnswer(Duration rateLimitedPause) {
        this.rateLimitedPause = rateLimitedPause;
    }

    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        exchange.setVariable(PushExchange.ANSWER_STATUS, message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class));
        byte[] body = message.getBody(byte[].class);
        Integer code = null;
        String errorMessage = null;
        if (body != null && body.length > 0) {
            String text = new String(body, StandardCharsets.UTF_8);
            try {
                JsonNode answer = JSON.readTree(text);
                if (answer != null && answer.path("code").canConvertToInt()) {
                    code = answer.path("code").asInt();
                    errorMessage = answer.hasNonNull("errorMessage") ? answer.get("errorMessage").asText() : null;
                } else {
                    errorMessage = text;
                }
            } catch (Exception notJson) {
                // a proxy's error page, say: its start is the best reason there is
                errorMessage = text;
            }
        }
        exchange.setVariable(PushExchange.ANSWER_CODE, code);
        exchange.setVariable(PushExchange.ANSWER_MESSAGE, excerpt(errorMessage));
    }

    /** 1008 or 429: every instance slows down, and the push is tried again without spending an attempt. */
    public void rateLimited(Exchange exchange) {
        Duration retryAfter = retryAfter(exchange.getMessage().getHeader("Retry-After", String.class));
        throw new ProviderRateLimitedException(status(exchange), code(exchange), message(exchange),
                retryAfter == null ? rateLimitedPause : retryAfter);
    }

    /** Our app key, secret, signature or app is refused: delivery halts until it is fixed. */
    public void credentialsRefused(Exchange exchange) {
        throw new ProviderCredentialsException(status(exchange), code(exchange), message(exchange));
    }

    /** RongCloud failed inside (1000, 1050, 5xx) or answered nothing readable: retried, on the next host. */
    public void unavailable(Exchange exchange) {
        throw new ProviderUnavailableException(status(exchange), code(exchange), message(exchange));
    }

    /** This message will never be accepted as it is (a bad parameter, too long): dead-lettered with code and message. */
    public void rejected(Exchange exchange) {
        throw new ProviderRejectedException(status(exchange), code(exchange), message(exchange));
    }

    private static int status(Exchange exchange) {
        Integer status = exchange.getVariable(PushExchange.ANSWER_STATUS, Integer.class);
        return status == null ? 0 : status;
    }

    private static String code(Exchange exchange) {
        Integer code = exchange.getVariable(PushExchange.ANSWER_CODE, Integer.class);
        return code == null ? null : code.toString();
    }

    private static String message(Exchange exchange) {
        return exchange.getVariable(PushExchange.ANSWER_MESSAGE, String.class);
    }

    private static String excerpt(String text) {
        return text == null || text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }

    /** Retry-After in seconds (RongCloud sends none today; a proxy in front of it might). */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }
}
