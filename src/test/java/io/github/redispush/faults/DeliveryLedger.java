package io.github.redispush.faults;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** What the push receiver really saw, key by key, counting only the pushes it accepted (2xx). */
public final class DeliveryLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Integer> deliveries = new HashMap<>();

    public static DeliveryLedger of(WireMockServer receiver) {
        DeliveryLedger ledger = new DeliveryLedger();
        receiver.getServeEvents().getServeEvents().forEach(event -> {
            // an injected fault (a reset connection) is logged with status 200 but delivered nothing
            boolean fault = event.getResponseDefinition() != null && event.getResponseDefinition().getFault() != null;
            if (event.getResponse().getStatus() / 100 == 2 && !fault) {
                ledger.add(event.getRequest());
            }
        });
        return ledger;
    }

    private void add(LoggedRequest request) {
        try {
            String key = JSON.readTree(request.getBodyAsString()).get("key").asText();
            deliveries.merge(key, 1, Integer::sum);
        } catch (Exception e) {
            throw new AssertionError("the receiver got a push that is not our JSON: " + request.getBodyAsString(), e);
        }
    }

    public long delivered(Collection<String> sent) {
        return sent.stream().filter(deliveries::containsKey).count();
    }

    public long lost(Collection<String> sent) {
        return sent.size() - delivered(sent);
    }

    public long duplicated() {
        return deliveries.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** The line a fault test prints: the figures the README quotes. */
    public String figures(String test, Collection<String> sent, String faults) {
        return String.format("FAULT-FIGURES %s: sent=%d, %s, delivered=%d, lost=%d, duplicated=%d",
                test, sent.size(), faults, delivered(sent), lost(sent), duplicated());
    }
}
