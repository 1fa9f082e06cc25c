package dev.flywheel.payments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.testing.LambdaHarness;
import dev.flywheel.kit.testing.Problems;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** payments-worker through the real FunctionInvoker: poison is reported per message, never acknowledged. */
class PaymentsWorkerHandlerTest {
    private static LambdaHarness worker;

    @BeforeAll
    static void init() {
        Env.install(Problems.unreachableAws("paymentsWorker", Map.of("PAYMENTS_IDEMPOTENCY_TABLE", "payments-idempotency",
                "ORDERS_EVENTS_QUEUE_URL", "http://127.0.0.1:9/000000000000/orders-events", "PAYMENT_PROVIDER_URL", "http://127.0.0.1:9")));
        worker = new LambdaHarness("paymentsWorker", "payments-worker");
    }

    @Test
    void anEmptyBodyAndAnEnvelopeWithoutDataAreBothPoison() {
        JsonNode response = worker.invokeFixture("payments/sqs-poison.json");
        List<String> failed = new ArrayList<>();
        response.get("batchItemFailures").forEach(f -> failed.add(f.get("itemIdentifier").asText()));
        assertEquals(List.of("msg-payments-commands-1", "msg-payments-commands-2"), failed);
    }
}
