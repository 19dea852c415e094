package io.github.redispush.delivery;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.concurrent.TimeoutException;

import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.camel.Exchange;
import org.apache.camel.component.vertx.http.DefaultVertxHttpBinding;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;
import org.apache.camel.component.vertx.http.VertxHttpHelper;

/**
 * Makes vertx-http send a push and report its failure the way camel-http does, so the provider routes and the error
 * handler read both clients alike:
 * <ul>
 * <li>the answer timeout is camel-http's ({@code camel.component.http.response-timeout});</li>
 * <li>an https URL goes over TLS also when it names a port (vertx-http 4.17 sends a URL with a port as the client
 * options say, which is plain HTTP unless SSL is configured for every request);</li>
 * <li>the method header the routes set (camel-http's {@code HttpMethods}) is read as the method;</li>
 * <li>a timeout or a closed connection is an {@link IOException}, as camel-http's are (Vert.x reports them as a
 * {@link TimeoutException} or a {@code VertxException}): the provider is unavailable, the RongCloud routes fail over.</li>
 * </ul>
 */
public class VertxPushBinding extends DefaultVertxHttpBinding {

    private final long answerTimeoutMs;

    public VertxPushBinding(long answerTimeoutMs) {
        this.answerTimeoutMs = answerTimeoutMs;
    }

    @Override
    public HttpRequest<Buffer> prepareHttpRequest(VertxHttpEndpoint endpoint, Exchange exchange) throws Exception {
        HttpRequest<Buffer> request = super.prepareHttpRequest(endpoint, exchange);
        URI uri = VertxHttpHelper.resolveHttpURI(exchange, endpoint);
        if (uri == null) {
            uri = endpoint.getConfiguration().getHttpUri();
        }
        request.ssl("https".equalsIgnoreCase(uri.getScheme()));
        Object method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD);
        if (method != null && !(method instanceof HttpMethod)) {
            request.method(HttpMethod.valueOf(method.toString()));
        }
        if (answerTimeoutMs > 0) {
            request.timeout(answerTimeoutMs);
        }
        return request;
    }

    @Override
    public void handleResponse(VertxHttpEndpoint endpoint, Exchange exchange, AsyncResult<HttpResponse<Buffer>> response) throws Exception {
        if (response.failed() && !(response.cause() instanceof IOException)) {
            exchange.setException(asIOException(response.cause()));
            return;
        }
        super.handleResponse(endpoint, exchange, response);
    }

    static IOException asIOException(Throwable failure) {
        if (failure instanceof TimeoutException) {
            SocketTimeoutException timeout = new SocketTimeoutException(failure.getMessage());
            timeout.initCause(failure);
            return timeout;
        }
        return new IOException(failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage(), failure);
    }
}
