package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.redispush.management.PushQueueManagement;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

/** Routes are managed over JMX by their ids: suspending or stopping reliable-move stops keys leaving push_queue. */
class JmxRouteManagementTest extends PipelineTestSupport {

    /** push.move.block-seconds */
    private static final Duration BLOCKING_POP = Duration.ofSeconds(1);

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Override
    public void configureTest(org.apache.camel.test.junit5.TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withEnableJMX();
    }

    @Test
    void suspendAndResumeReliableMove() throws Exception {
        ObjectName move = route("reliable-move");
        assertThat(jmx.getAttribute(move, "State")).isEqualTo("Started");

        jmx.invoke(move, "suspend", null, null);
        awaitIdleMover();
        redis.phpProducerWrites("rabbit_push_1_111111", "while suspended");
        sleepLongerThanABlockingPop();

        assertThat(jmx.getAttribute(move, "State")).isEqualTo("Suspended");
        assertThat(redis.list("push_queue")).containsExactly("rabbit_push_1_111111");
        assertThat(jmx.getAttribute(pipeline(), "PushQueueDepth")).isEqualTo(1L);
        receiver.verify(0, postRequestedFor(urlEqualTo("/push")));

        jmx.invoke(move, "resume", null, null);
        eventually().until(() -> redis.get("rabbit_push_1_111111") == null);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        assertThat((Long) jmx.getAttribute(move, "ExchangesTotal")).isPositive();
    }

    @Test
    void stopAndStartReliableMove() throws Exception {
        ObjectName move = route("reliable-move");

        jmx.invoke(move, "stop", null, null);
        redis.phpProducerWrites("rabbit_push_2_222222", "while stopped");
        sleepLongerThanABlockingPop();

        assertThat(jmx.getAttribute(move, "State")).isEqualTo("Stopped");
        assertThat(redis.list("push_queue")).containsExactly("rabbit_push_2_222222");

        jmx.invoke(move, "start", null, null);
        eventually().until(() -> redis.get("rabbit_push_2_222222") == null);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        assertThat(jmx.getAttribute(pipeline(), "TempQueueDepth")).isEqualTo(0L);
    }

    private ObjectName route(String id) throws Exception {
        return new ObjectName("org.apache.camel:context=" + context.getName() + ",type=routes,name=\"" + id + "\"");
    }

    private ObjectName pipeline() throws Exception {
        return PushQueueManagement.objectName(context.getName(), "push_queue");
    }

    /** A pop already blocking when the route was suspended may still take one key: let it time out first. */
    private void awaitIdleMover() throws InterruptedException {
        Thread.sleep(BLOCKING_POP.plusMillis(300).toMillis());
    }

    /** Proving that nothing moves needs a window in which something could have: longer than one blocking pop. */
    private void sleepLongerThanABlockingPop() throws InterruptedException {
        Thread.sleep(BLOCKING_POP.plusMillis(500).toMillis());
    }
}
