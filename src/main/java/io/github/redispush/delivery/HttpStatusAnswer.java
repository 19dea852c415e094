package io.github.redispush.delivery;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The generic provider's reading of an answer that was not a success, by HTTP status alone (a provider with outcome
 * codes in its body reads those in its own route). Each status becomes the {@link ProviderAnswerException} that says
 * what the pipeline does about it:
 * <ul>
 * <li>401, 403: our credentials are refused ({@link ProviderCredentialsException}): delivery halts</li>
 * <li>429: too many requests ({@link ProviderRateLimitedException}, with its Retry-After)</li>
 * <li>408, 5xx, and 3xx (a redirect we do not follow says nothing about the message): the provider is unavailable
 * ({@link ProviderUnavailableException}, with a 503's Retry-After)</li>
 * <li>any other 4xx: this message is refused ({@link ProviderRejectedException}, with the start of the body)</li>
 * </ul>
 */
public class HttpStatusAnswer {

    /** How much of a refusal's body is kept: enough to read the provider's reason, not a whole page. */
    static final int BODY_EXCERPT = 1024;

    /**
     * Reads the answer camel-http left on the exchange (it is called with {@code throwExceptionOnFailure=false}, so a
     * refusal costs no exception of its own): returns on 2xx, throws the provider exception otherwise.
     */
    public void check(Exchange exchange) {
        Message answer = exchange.getMessage();
        Integer status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || (status >= 200 && status < 300)) {
            return;
        }
        throw read(status, answer.getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class),
                () -> answer.getHeader("Retry-After", String.class), () -> answer.getBody(String.class));
    }

    ProviderAnswerException read(int status, String statusText, Supplier<String> retryAfter, Supplier<String> body) {
        if (status == 401 || status == 403) {
            return new ProviderCredentialsException(status, null, statusText);
        }
        if (status == 429) {
            return new ProviderRateLimitedException(status, null, statusText, parseRetryAfter(retryAfter.get()));
        }
        if (status == 408 || status >= 500 || status < 400) {
            return new ProviderUnavailableException(status, null, statusText, status == 503 ? parseRetryAfter(retryAfter.get()) : null);
        }
        return new ProviderRejectedException(status, null, excerpt(body.get()));
    }

    private static String excerpt(String body) {
        if (body == null || body.length() <= BODY_EXCERPT) {
            return body;
        }
        return body.substring(0, BODY_EXCERPT) + "...";
    }

    /** A Retry-After, in seconds or as an HTTP date; null when there is none or it cannot be read. */
    public static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
