package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.redispush.support.DeadLetterList;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

/**
 * One message the provider always fails (500) among healthy ones written right after its first try, with a single
 * deliverer: its retries wait in the schedule in Redis, not on the deliverer's thread, so every healthy message goes
 * out before its next try, and it alone is dead-lettered when its attempts are spent. (With Camel's in-process redelivery, the one deliverer slept through
 * each backoff and the healthy messages waited behind it.)
 */
class PoisonedMessageTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POISONED = "rabbit_push_666_666666";
    private static final int HEALTHY = 60;

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.delivery.concurrency", "1");
        p.put("push.max-attempts", "3");
        // the healthy backlog (a few hundred ms of work) is written just after the first try and is all sent
        // before the next try is due: no deliverer waits out the backoff
        p.put("push.retry.initial-delay-ms", "5000");
        p.put("push.retry.max-delay-ms", "5000");
        return p;
    }

    @Override
    protected void stubReceiver() {
        receiver.stubFor(post("/push").atPriority(5).willReturn(ok("{\"code\":200}")));
        receiver.stubFor(post("/push").atPriority(1).withRequestBody(containing(POISONED)).willReturn(aResponse().withStatus(500)));
    }

    @Test
    void healthyMessagesGoOutBetweenThePoisonedOnesTriesAndItIsDeadLetteredAlone() throws Exception {
        redis.phpProducerWrites(POISONED, "poison");
        eventually().until(() -> !receiver.getAllServeEvents().isEmpty());
        List<String> healthy = new ArrayList<>(redis.phpProducerWrites(HEALTHY, "h"));

        eventually().until(() -> redis.length("push_dead_letter") == 1 && healthy.stream().allMatch(k -> redis.get(k) == null));

        List<String> order = new ArrayList<>();
        List<ServeEvent> events = new ArrayList<>(receiver.getAllServeEvents());
        events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
        for (ServeEvent event : events) {
            order.add(JSON.readTree(event.getRequest().getBodyAsString()).get("key").asText());
        }
        int firstTry = order.indexOf(POISONED);
        int secondTry = order.subList(firstTry + 1, order.size()).indexOf(POISONED) + firstTry + 1;
        long healthyBetween = order.subList(firstTry + 1, secondTry).stream().filter(healthy::contains).count();
        long healthyAfter = order.subList(secondTry + 1, order.size()).stream().filter(healthy::contains).count();
        System.out.printf("FAULT-FIGURES poisoned-message: sent=%d, poisoned=1 (500 always), healthy-delivered=%d, "
                + "healthy-sent-between-its-first-and-second-try=%d, tries-of-the-poisoned=%d%n", HEALTHY + 1,
                healthy.stream().filter(k -> redis.get(k) == null).count(), healthyBetween, order.stream().filter(POISONED::equals).count());

        assertThat(firstTry).as("the poisoned message was tried first").isZero();
        assertThat(healthyBetween).as("healthy messages sent while the poisoned one waited for its retry").isEqualTo(HEALTHY);
        assertThat(healthyAfter).as("healthy messages still waiting after its second try").isZero();
        assertThat(order.stream().filter(POISONED::equals).count()).as("tries of the poisoned message").isEqualTo(3);
        JsonNode entry = DeadLetterList.entries(redis).get(0);
        assertThat(entry.get("key").asText()).isEqualTo(POISONED);
        assertThat(entry.get("status").asInt()).isEqualTo(500);
        assertThat(entry.get("attempts").asInt()).isEqualTo(3);
        assertThat(redis.get(POISONED)).as("its value is kept").isEqualTo("poison");
    }
}
