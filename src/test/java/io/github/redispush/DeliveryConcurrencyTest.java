package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.redispush.delivery.DeliveryPermits;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * However the delivery client waits for answers (camel-http: a thread per push; vertx-http: none), a slow provider
 * never has more than push.delivery.concurrency pushes in flight from one instance, every push still arrives once, and
 * every permit comes back. At each request the receiver counts the requests it holds and the pushes the pipeline is
 * sending (the send-to-provider route's exchanges, also those waiting in the client for a connection); it answers each
 * after 100 ms.
 */
class DeliveryConcurrencyTest extends PipelineTestSupport {

    private static final int CONCURRENCY = 3;
    private static final int MESSAGES = 30;

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    /** exchanges in the send-to-provider route, sent or waiting for a connection, seen by the receiver at each request */
    private final AtomicInteger mostSending = new AtomicInteger();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private ExecutorService threads;
    private HttpServer slowReceiver;

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.delivery.concurrency", Integer.toString(CONCURRENCY));
        p.put("push.url", "http://127.0.0.1:" + startSlowReceiver() + "/slow");
        return p;
    }

    private int startSlowReceiver() {
        try {
            System.setProperty("sun.net.httpserver.nodelay", "true");
            threads = Executors.newFixedThreadPool(4 * CONCURRENCY);
            slowReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            slowReceiver.setExecutor(threads);
            slowReceiver.createContext("/slow", exchange -> {
                mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                mostSending.accumulateAndGet(context.getInflightRepository().size("send-to-provider"), Math::max);
                try (InputStream in = exchange.getRequestBody()) {
                    received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    requests.incrementAndGet();
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    open.decrementAndGet();
                }
                byte[] ok = "{\"code\":200}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
                exchange.close();
            });
            slowReceiver.start();
            return slowReceiver.getAddress().getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stopSlowReceiver() {
        slowReceiver.stop(0);
        threads.shutdownNow();
    }

    @Test
    void aSlowProviderNeverHasMoreThanTheConcurrencyInFlight() {
        List<String> keys = redis.phpProducerWrites(MESSAGES, "c");

        eventually().until(() -> keys.stream().allMatch(k -> redis.get(k) == null) && redis.length("temp_queue") == 0);

        System.out.printf("DeliveryConcurrencyTest (%s): %d pushes, concurrency %d, at most %d being sent, %d at the receiver, %d requests%n",
                context.resolvePropertyPlaceholders("{{push.delivery.client}}"), MESSAGES, CONCURRENCY, mostSending.get(), mostOpen.get(),
                requests.get());
        // a client's connection pool may queue requests of its own: the bound is on the pushes being sent, queued or not
        assertThat(mostSending.get()).as("pushes being sent at once").isBetween(1, CONCURRENCY);
        assertThat(mostOpen.get()).as("requests the receiver held at once").isBetween(1, CONCURRENCY);
        assertThat(received).as("distinct pushes received").hasSize(MESSAGES);
        assertThat(requests.get()).as("requests: none sent twice").isEqualTo(MESSAGES);
        assertThat(context.getRegistry().lookupByNameAndType("push.deliveryPermits", DeliveryPermits.class).inFlight())
                .as("permits still out once all is delivered").isZero();
    }
}
