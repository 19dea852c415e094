package io.github.redispush.config;

import java.util.Locale;

/**
 * {@code push.delivery.client}: the Camel component that POSTs the provider routes' requests.
 * <ul>
 * <li>{@code http}: camel-http (HttpClient 5 classic). Blocking: each deliverer thread waits for its answer, so the
 * deliverers ({@code push.delivery.concurrency}) are the bound on pushes in flight.</li>
 * <li>{@code vertx-http}: camel-vertx-http, on the Vert.x the HTTP server runs. Asynchronous: a deliverer hands the
 * request to Vert.x and takes the next claim, so permits bound the pushes in flight instead
 * ({@code io.github.redispush.delivery.DeliveryPermits}).</li>
 * </ul>
 * A provider route names its endpoint {@code {{push.delivery.uri-prefix}}<url>} and hands it the body through
 * {@code deliveryClient.body}: nothing else in the routes depends on the client.
 */
public enum DeliveryClient {

    HTTP("http", ""),
    VERTX_HTTP("vertx-http", "vertx-http:");

    /** The placeholder the provider routes put before a provider URL; set from push.delivery.client, never by hand. */
    public static final String URI_PREFIX_PROPERTY = "push.delivery.uri-prefix";

    private final String property;
    private final String uriPrefix;

    DeliveryClient(String property, String uriPrefix) {
        this.property = property;
        this.uriPrefix = uriPrefix;
    }

    public static DeliveryClient of(String value) {
        String name = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (DeliveryClient client : values()) {
            if (client.property.equals(name)) {
                return client;
            }
        }
        throw new IllegalArgumentException("push.delivery.client must be http or vertx-http, got '" + value + "'");
    }

    /** What goes before an http(s):// URL to make it this client's endpoint URI. */
    public String uriPrefix() {
        return uriPrefix;
    }

    /** Whether the deliverer's thread is free while the provider answers (then permits bound the pushes in flight). */
    public boolean asynchronous() {
        return this == VERTX_HTTP;
    }

    @Override
    public String toString() {
        return property;
    }
}
