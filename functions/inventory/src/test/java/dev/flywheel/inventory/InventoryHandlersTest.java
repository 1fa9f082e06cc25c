package dev.flywheel.inventory;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.testing.LambdaHarness;
import dev.flywheel.kit.testing.Problems;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** inventory-api through the real FunctionInvoker with the events/inventory fixtures. */
class InventoryHandlersTest {
    private static LambdaHarness api;

    @BeforeAll
    static void init() {
        Env.install(Problems.unreachableAws("inventoryApi", Map.of("PRODUCTS_TABLE", "products", "STOCK_TABLE", "stock")));
        api = new LambdaHarness("inventoryApi", "inventory-api");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "inventory/put-product-not-admin.json      | 403 | admin",
            "inventory/put-product-negative-stock.json | 400 | stock",
            "inventory/put-product-float-price.json    | 400 | integer"})
    void refusesWithAProblem(String fixture, int status, String detail) {
        Problems.assertProblem(api.invokeFixture(fixture), status, detail);
    }

    @ParameterizedTest
    @Event(value = "inventory/sqs-reserve-stock.json", type = SQSEvent.class)
    void theReserveFixtureIsTheSqsEventLambdaSends(SQSEvent event) {
        var record = event.getRecords().get(0);
        assertEquals("aws:sqs", record.getEventSource());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:inventory-commands", record.getEventSourceArn());
        assertEquals("ReserveStock", record.getMessageAttributes().get("type").getStringValue());
    }
}
