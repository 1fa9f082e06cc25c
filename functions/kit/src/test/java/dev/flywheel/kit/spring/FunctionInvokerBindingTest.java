package dev.flywheel.kit.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.testing.LambdaHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Through the real FunctionInvoker, with raw SQS event JSON as Lambda sends it. */
class FunctionInvokerBindingTest {

    @Test
    void aTenRecordEventReachesTheFunctionAsTenRecords() {
        TestFunctions.SEEN.clear();
        LambdaHarness lambda = new LambdaHarness("recordEnvelopes", "test");

        JsonNode response = lambda.invokeFixture("orders/sqs-ten-orders-placed.json");

        assertEquals(10, TestFunctions.SEEN.size(), "every record handled");
        assertEquals("01KAQ3Z5M8N2P4R6T8V0W2X500", TestFunctions.SEEN.get(0));
        assertEquals("01KAQ3Z5M8N2P4R6T8V0W2X509", TestFunctions.SEEN.get(9));
        assertEquals(0, response.get("batchItemFailures").size(), response.toString());
    }

    @Test
    void poisonIsReportedAndItsBatchMateIsHandled() {
        TestFunctions.SEEN.clear();
        LambdaHarness lambda = new LambdaHarness("recordEnvelopes", "test");

        JsonNode response = lambda.invokeFixture("inventory/sqs-poison-and-good.json");

        assertEquals(List.of("01KAQ3Z5M8N2P4R6T8V0W2X4Z1"), TestFunctions.SEEN);
        assertEquals(1, response.get("batchItemFailures").size());
        assertEquals("msg-inventory-commands-1", response.get("batchItemFailures").get(0).get("itemIdentifier").asText());
    }

    @Test
    void withoutTheConverterTheBatchFailsInsteadOfBeingAcknowledged() {
        String previous = System.getProperty("MAIN_CLASS");
        System.setProperty("MAIN_CLASS", WithoutConverterFunctions.class.getName());
        try {
            LambdaHarness lambda = new LambdaHarness("unprotected", "test");
            RuntimeException failure = assertThrows(RuntimeException.class, () -> lambda.invokeFixture("orders/sqs-ten-orders-placed.json"));
            assertEquals(-1, WithoutConverterFunctions.recordsSeen, "the trap is real: Records arrived null");
            assertTrue(rootMessage(failure).contains("SQS invocation without records"), rootMessage(failure));
        } finally {
            System.setProperty("MAIN_CLASS", previous);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return String.valueOf(t.getMessage());
    }
}
