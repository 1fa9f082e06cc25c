package dev.flywheel.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.testing.LambdaHarness;
import dev.flywheel.kit.testing.Problems;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** orders-worker through the real FunctionInvoker: a message type it does not know is poison, reported per message. */
class OrdersWorkerHandlerTest {
    @Test
    void anUnknownMessageTypeIsReportedAsAFailure() {
        Env.install(Problems.unreachableAws("ordersWorker", Map.of("ORDERS_TABLE", "orders",
                "INVENTORY_COMMANDS_QUEUE_URL", "http://127.0.0.1:9/000000000000/inventory-commands")));
        JsonNode response = new LambdaHarness("ordersWorker", "orders-worker").invokeFixture("orders/sqs-unknown-type.json");
        assertEquals(1, response.get("batchItemFailures").size());
        assertEquals("msg-orders-events-1", response.get("batchItemFailures").get(0).get("itemIdentifier").asText());
    }
}
