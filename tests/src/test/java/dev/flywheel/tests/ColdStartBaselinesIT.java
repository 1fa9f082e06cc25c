package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.cli.BenchCommand;
import dev.flywheel.local.provision.FunctionEnvironment;
import dev.flywheel.local.runtime.InvocationResult;
import dev.flywheel.local.runtime.ProcessInstance;
import dev.flywheel.local.runtime.RuntimeHome;
import dev.flywheel.topology.FunctionSpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two baselines of {@code ./flywheel bench-cold-start}, as real processes through the runtime interface client:
 * the plain handler and the Spring Cloud Function floor must do the same work (one GetItem, the same answers), or the
 * floor's ratio would compare different things.
 */
class ColdStartBaselinesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePlainLookupAndTheSpringFloorGiveTheSameAnswers() throws Exception {
        LocalPlatform platform = TestPlatforms.shared();
        Path root = TestPlatforms.options().root();
        String orderId = "01KBASE" + UUID.randomUUID().toString().replace("-", "").substring(0, 19).toUpperCase();
        platform.dynamo().putItem(b -> b.tableName(platform.resources().table("orders")).item(Map.of(
                "orderId", AttributeValue.fromS(orderId), "userId", AttributeValue.fromS("user-ada"), "status", AttributeValue.fromS("CONFIRMED"))));

        List<FunctionSpec> baselines = BenchCommand.lookupBaselines(TestPlatforms.options().topology());
        byte[] stored = lookupOf(root, orderId, "user-ada"), otherUsers = lookupOf(root, orderId, "user-bob"), missing = lookupOf(root, "01KNOSUCHORDER", "user-ada");
        try (RuntimeHome home = RuntimeHome.create()) {
            for (FunctionSpec baseline : baselines) {
                Map<String, String> env = FunctionEnvironment.of(baseline, platform.endpoints(), platform.resources(), platform.provider().baseUrl(), Map.of());
                ProcessInstance instance = ProcessInstance.start(baseline.name(), baseline, root.resolve(baseline.jar()), env, home, Duration.ofMinutes(2), line -> { }, List.of());
                try {
                    JsonNode found = answer(instance, stored);
                    assertEquals(200, found.path("statusCode").asInt(), baseline.name() + ": " + found);
                    assertEquals("CONFIRMED", JSON.readTree(found.path("body").asText()).path("status").asText(), baseline.name());
                    assertEquals(404, answer(instance, otherUsers).path("statusCode").asInt(), baseline.name() + ": another user's order");
                    assertEquals(404, answer(instance, missing).path("statusCode").asInt(), baseline.name() + ": no such order");
                } finally {
                    instance.close();
                }
            }
        }
    }

    /** events/orders/get-order.json for another order id and caller. */
    private static byte[] lookupOf(Path root, String orderId, String caller) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readAllBytes(root.resolve("events/orders/get-order.json")));
        ((ObjectNode) event.path("pathParameters")).put("orderId", orderId);
        ((ObjectNode) event.path("requestContext").path("authorizer").path("jwt").path("claims")).put("sub", caller);
        return JSON.writeValueAsBytes(event);
    }

    private static JsonNode answer(ProcessInstance instance, byte[] event) throws Exception {
        InvocationResult result = instance.invoke(event, UUID.randomUUID().toString(), System.currentTimeMillis() + 60_000);
        assertTrue(result.succeeded(), "the baseline answered: " + result.message());
        return JSON.readTree(new String(result.payload(), StandardCharsets.UTF_8));
    }
}
