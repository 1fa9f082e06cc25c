package dev.flywheel.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.emulators.Endpoints;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.local.gateway.ApiClient;
import dev.flywheel.local.meter.PlatformUsage;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** A running platform, found through its {@code GET /health}: its API and the tables, queues and provider behind it. */
record RunningPlatform(URI url, ApiClient api, DynamoDbClient dynamo, SqsClient sqs, Map<String, String> tables,
                    Map<String, String> queues, URI provider, JsonNode scaling) implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RunningPlatform connect(URI url) {
        ApiClient api = new ApiClient(url);
        JsonNode h;
        try {
            h = JSON.readTree(api.call(null, "GET", "/health", null).body());
        } catch (IllegalStateException | IOException e) {
            throw new IllegalStateException("no platform answers at " + url + " (start one: ./flywheel up)", e);
        }
        Endpoints endpoints = Endpoints.of(h.get("sqs").asText(), h.get("dynamodb").asText());
        return new RunningPlatform(url, api, LocalAws.dynamo(endpoints), LocalAws.sqs(endpoints), map(h.get("tables")), map(h.get("queues")),
                URI.create(h.get("paymentProvider").asText()), h.path("scaling"));
    }

    /** What the platform has used since it started ({@code GET /platform/usage}). */
    PlatformUsage usage() {
        try {
            return JSON.readValue(api.call(null, "GET", "/platform/usage", null).body(), PlatformUsage.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable GET /platform/usage", e);
        }
    }

    /** Waits until the platform answers its health check again (after a crash fault's restart). */
    void awaitHealth(java.time.Duration within) throws InterruptedException {
        long deadline = System.currentTimeMillis() + within.toMillis();
        while (true) {
            try {
                if (api.call(null, "GET", "/health", null).status() == 200) return;
            } catch (IllegalStateException down) {
                if (System.currentTimeMillis() > deadline) throw new IllegalStateException("the platform did not answer at " + url + " within " + within, down);
            }
            Thread.sleep(500);
        }
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    @Override
    public void close() {
        dynamo.close();
        sqs.close();
    }
}
