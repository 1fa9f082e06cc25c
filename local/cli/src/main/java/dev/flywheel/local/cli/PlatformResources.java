package dev.flywheel.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.Endpoints;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.local.gateway.ApiClient;
import dev.flywheel.local.payments.FakePaymentProvider;
import dev.flywheel.local.provision.Provisioner;
import dev.flywheel.local.provision.Resources;
import dev.flywheel.topology.Topology;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where a one-off function run finds its tables, queues and provider: a running platform, or emulators started for it. */
record PlatformResources(Endpoints endpoints, Resources resources, String providerUrl) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The platform at {@code url}, from its GET /health; null when none answers. */
    static PlatformResources running(URI url) throws IOException {
        JsonNode h;
        try {
            var r = new ApiClient(url).call(null, "GET", "/health", null);
            if (r.status() != 200) return null;
            h = JSON.readTree(r.body());
        } catch (IllegalStateException e) {
            return null;
        }
        return new PlatformResources(Endpoints.of(h.get("sqs").asText(), h.get("dynamodb").asText()),
                new Resources(map(h.get("queues")), map(h.get("queueArns")), map(h.get("tables"))), h.get("paymentProvider").asText());
    }

    /** Emulators on free ports, the topology provisioned, a provider; everything started is added to {@code opened}. */
    static PlatformResources ephemeral(Topology topology, List<AutoCloseable> opened) {
        EmbeddedEmulators emulators = EmbeddedEmulators.start(0, 0);
        opened.add(emulators);
        var sqs = LocalAws.sqs(emulators.endpoints());
        var dynamo = LocalAws.dynamo(emulators.endpoints());
        opened.add(sqs);
        opened.add(dynamo);
        FakePaymentProvider provider = FakePaymentProvider.start(0);
        opened.add(provider);
        Resources resources = new Provisioner(sqs, dynamo, "").provision(topology);
        return new PlatformResources(emulators.endpoints(), resources, provider.baseUrl());
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }
}
