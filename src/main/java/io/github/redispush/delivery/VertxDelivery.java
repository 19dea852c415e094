package io.github.redispush.delivery;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.component.vertx.http.VertxHttpComponent;

/**
 * Sets up camel-vertx-http for push.delivery.client=vertx-http: one Vert.x for it and the platform-http server, a
 * keep-alive pool per provider host sized to the concurrency, camel-http's timeouts, no redirects followed (a 3xx
 * says the provider is unavailable, as with camel-http), and the answer headers filtered as camel-http's are.
 */
public final class VertxDelivery {

    private VertxDelivery() {
    }

    /**
     * @param connectTimeout    camel.component.http.connect-timeout
     * @param answerTimeout     camel.component.http.response-timeout: how long an answer may keep us waiting
     * @param longestBlockingWait the longest a delivery may block its thread after an answer (a 429's Retry-After,
     *                          the rate limiter): Vert.x warns of a worker blocked longer
     */
    public static void configure(CamelContext context, int concurrency, Duration connectTimeout, Duration answerTimeout,
                                 Duration longestBlockingWait) throws Exception {
        VertxHttpComponent component = context.getComponent("vertx-http", VertxHttpComponent.class);
        if (component.getVertxHttpBinding() instanceof VertxPushBinding) {
            return; // a second pipeline in this context: the first one set it up
        }
        if (component.getVertx() == null) {
            // a running context has started the component already, with a Vert.x of its own
            component.setVertx(vertx(context, concurrency, longestBlockingWait));
        }
        component.setWebClientOptions(new WebClientOptions()
                .setMaxPoolSize(concurrency)
                .setKeepAlive(true)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setFollowRedirects(false)
                .setTryUseCompression(false));
        component.setVertxHttpBinding(new VertxPushBinding(answerTimeout.toMillis()));
        component.setHeaderFilterStrategy(new ProviderAnswerHeaders());
    }

    /**
     * The Vert.x in the registry, or a new one bound there, which the platform-http server then runs on too. vertx-http
     * reads each answer on a Vert.x worker thread, where the rest of the delivery runs (acknowledgement, retry
     * schedule, a 429's wait): the worker pool is kept at least as large as the concurrency.
     */
    private static Vertx vertx(CamelContext context, int concurrency, Duration longestBlockingWait) throws Exception {
        Set<Vertx> found = context.getRegistry().findByType(Vertx.class);
        if (found.size() == 1) {
            return found.iterator().next();
        }
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setWorkerPoolSize(Math.max(VertxOptions.DEFAULT_WORKER_POOL_SIZE, concurrency))
                .setMaxWorkerExecuteTime(longestBlockingWait.plusSeconds(60).toMillis())
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS));
        context.getRegistry().bind("vertx", vertx);
        // closed once the context has stopped: the HTTP servers on it stop after the services added here would
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // its threads are daemons: nothing is left waiting on them
                }
            }
        });
        return vertx;
    }
}
