package io.github.redispush;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.redispush.management.PushMetrics;
import io.github.redispush.redis.EmbeddedRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.LoggerFactory;

/**
 * The run {@code mvn package} makes to write the class data sharing archive, {@code target/redis-push-app.jsa}
 * ({@code java -XX:ArchiveClassesAtExit=... -Dredis-push.training-run=true -jar target/redis-push-app.jar}, see
 * pom.xml): the README's demo (embedded Redis, sample messages, demo receiver) on free ports, whatever the
 * environment sets, stopped once the sample messages are delivered, so that the archive holds the classes a start-up
 * and its first deliveries load. At most {@link #TIME_LIMIT_SECONDS}: an archive of a run stopped early, or refused,
 * only holds fewer classes (the JVM writes it at any exit).
 */
final class TrainingRun {

    static final String PROPERTY = "redis-push.training-run";
    static final int TIME_LIMIT_SECONDS = 60;

    private TrainingRun() {
    }

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * @return false when the environment sets PUSH_* or CAMEL_* variables: they come before any property this run
     * sets (a real Redis, a real push URL), so there is no training run
     */
    static boolean prepare(Main main) {
        List<String> settings = System.getenv().keySet().stream().filter(name -> name.startsWith("PUSH_") || name.startsWith("CAMEL_"))
                .sorted().toList();
        if (!settings.isEmpty()) {
            LoggerFactory.getLogger(TrainingRun.class).error("no training run: the environment sets {},"
                    + " which would override the demo's settings", settings);
            return false;
        }
        // JVM system properties come before application.properties (a developer's own push.redis.url there must not
        // be drained by a build)
        System.setProperty("push.redis.url", "embedded");
        System.clearProperty("push.url");
        System.setProperty("push.provider", "generic");
        System.setProperty("camel.server.host", "127.0.0.1");
        System.setProperty("camel.server.port", Integer.toString(EmbeddedRedis.freePort()));
        System.setProperty("camel.management.host", "127.0.0.1");
        System.setProperty("camel.management.port", Integer.toString(EmbeddedRedis.freePort()));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStart(BaseMainSupport configured) {
                // a push.url in application.properties would send the sample messages to a real provider
                if (!configured.getCamelContext().getPropertiesComponent().resolveProperty("push.demo.receiver-enabled")
                        .map(Boolean::parseBoolean).orElse(false)) {
                    throw new IllegalStateException("no training run: push.url is set, and the demo's messages would go there");
                }
            }

            @Override
            public void afterStart(BaseMainSupport started) {
                Thread watch = new Thread(() -> stopWhenDelivered(main, started.getCamelContext()), "training-run");
                watch.setDaemon(true);
                watch.start();
            }
        });
        return true;
    }

    private static void stopWhenDelivered(Main main, CamelContext context) {
        String pipeline = context.getPropertiesComponent().resolveProperty("push.pipeline").orElse("push");
        int samples = context.getPropertiesComponent().resolveProperty("push.demo.sample-messages").map(Integer::parseInt).orElse(0);
        PushMetrics metrics = context.getRegistry().lookupByNameAndType(pipeline + ".pushMetrics", PushMetrics.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIME_LIMIT_SECONDS);
        try {
            while (metrics != null && metrics.deliveredSoFar() < samples && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LoggerFactory.getLogger(TrainingRun.class).info("training run: {} of {} sample messages delivered, stopping",
                metrics == null ? 0 : metrics.deliveredSoFar(), samples);
        main.completed();
    }
}
