package io.github.redispush.management;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.config.PushSettings;
import io.github.redispush.delivery.ProviderBreaker;
import io.github.redispush.queue.Claims;
import io.github.redispush.queue.DeadLetterOperations;
import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.redis.RedisOutage;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;

/** Registers the {@link PushQueueMXBean} on the platform MBean server while the CamelContext runs. */
public class PushQueueManagement implements PushQueueMXBean, Service {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PushSettings settings;
    private final PushQueueStore store;
    private final DeadLetterOperations deadLetters;
    private final Claims claims;
    private final RedisOutage outage;
    private final ProviderBreaker breaker;
    private final CamelContext context;
    private ObjectName name;

    public PushQueueManagement(CamelContext context, PushSettings settings, PushQueueStore store, DeadLetterOperations deadLetters,
            Claims claims, RedisOutage outage, ProviderBreaker breaker) {
        this.breaker = breaker;
        this.settings = settings;
        this.store = store;
        this.deadLetters = deadLetters;
        this.claims = claims;
        this.outage = outage;
        this.context = context;
    }

    public static ObjectName objectName(String contextName, String pushQueue) throws JMException {
        return new ObjectName("io.github.redispush:context=" + ObjectName.quote(contextName) + ",type=PushQueue,name="
                + ObjectName.quote(pushQueue));
    }

    @Override
    public void start() {
        try {
            // named when the context starts: camel.main.name is applied after the beans are bound
            name = objectName(context.getName(), settings.pushQueue());
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + name + " in JMX", e);
        }
    }

    @Override
    public void stop() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (name != null && server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot unregister " + name + " from JMX", e);
        }
    }

    @Override
    public long getPushQueueDepth() {
        return store.length(settings.pushQueue());
    }

    @Override
    public long getTempQueueDepth() {
        return store.tempQueueCensus().inFlight();
    }

    @Override
    public long getPhpLeftovers() {
        return store.tempQueueCensus().leftovers();
    }

    @Override
    public long getDeadLetterDepth() {
        return deadLetters.count();
    }

    @Override
    public int getInFlight() {
        return claims.inFlight();
    }

    @Override
    public boolean isRedisDown() {
        return outage.isDown();
    }

    @Override
    public long getScheduledRetries() {
        return store.scheduledRetries();
    }

    @Override
    public long getScheduledPushes() {
        return store.scheduledPushes();
    }

    @Override
    public long getNextScheduledDue() {
        Long due = store.nextScheduledDue();
        return due == null ? 0 : due;
    }

    @Override
    public String cancelScheduledPush(String key) {
        return store.cancelScheduled(key).name();
    }

    @Override
    public long getAwaitingValue() {
        return store.awaitingValue();
    }

    @Override
    public String getDeliveryHalted() {
        String reason = breaker.haltReason();
        return reason == null ? "" : reason;
    }

    @Override
    public String[] listDeadLetters(int offset, int count) {
        return deadLetters.list(offset, count).toArray(String[]::new);
    }

    @Override
    public String inspectDeadLetter(String key) {
        try {
            return JSON.writeValueAsString(deadLetters.inspect(key));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long requeueDeadLetter(String key) {
        return deadLetters.requeue(key).requeued();
    }

    @Override
    public long requeueAllDeadLetters() {
        return deadLetters.requeueAll().requeued();
    }

    @Override
    public long purgeDeadLetter(String key) {
        return deadLetters.purge(key);
    }

    @Override
    public long purgeAllDeadLetters() {
        return deadLetters.purgeAll();
    }
}
