package dev.flywheel.local.meter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsageTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void dynamoUnitsFollowTheBillingRules() {
        assertEquals(1, Usage.dynamoUnits("PutItem", b("{\"Item\":{}}"), b("{}")), "a small write is one unit");
        assertEquals(3, Usage.dynamoUnits("PutItem", b("{\"Item\":{\"p\":{\"S\":\"" + "x".repeat(2400) + "\"}}}"), b("{}")),
                "a write is billed per KiB, rounded up (2.4 KiB: 3 units)");
        assertEquals(4, Usage.dynamoUnits("TransactWriteItems", b("{\"TransactItems\":[{\"Put\":{}},{\"Update\":{}}]}"), b("{}")),
                "two units per item in a transaction");
        assertEquals(1, Usage.dynamoUnits("GetItem", b("{}"), new byte[100]), "an eventually consistent read: half a unit, rounded up per call");
        assertEquals(2, Usage.dynamoUnits("GetItem", b("{\"ConsistentRead\":true}"), new byte[5000]), "strongly consistent: a unit per 4 KiB");
        assertEquals(0, Usage.dynamoUnits("DescribeTable", b("{}"), b("{}")), "control plane is not billed per request");
    }

    @Test
    void sqsCountsEmptyReceivesApartAndBillsPer64KiB() {
        Usage usage = new Usage();
        usage.record("sqs", "ReceiveMessage", b("{}"), b("{}"), 200, OptionalDouble.empty());
        usage.record("sqs", "ReceiveMessage", b("{}"), b("{\"Messages\":[{\"ReceiptHandle\":\"a\"},{\"ReceiptHandle\":\"b\"}]}"), 200, OptionalDouble.empty());
        usage.record("sqs", "SendMessageBatch", new byte[70 * 1024], b("{}"), 200, OptionalDouble.empty());
        usage.record("dynamodb", "PutItem", b("{}"), b("{}"), 400, OptionalDouble.empty());
        var counted = usage.operations();
        assertEquals(1, counted.get("sqs:ReceiveMessage(empty)").requests());
        assertEquals(2, counted.get("sqs:ReceiveMessage").messages());
        assertEquals(2, counted.get("sqs:SendMessageBatch").billed(), "70 KiB is two 64 KiB units");
        assertEquals(0, counted.get("dynamodb:PutItem").billed(), "a throttled request costs nothing");
        assertEquals("PutItem", Usage.operation("DynamoDB_20120810.PutItem", new byte[0]));
        assertEquals("SendMessage", Usage.operation(null, b("Action=SendMessage&QueueUrl=x")));
    }

    /** SQS's 1 MiB messages are billed per 64 KiB chunk with no cap at the old 256 KiB: 16 requests, and one byte more is 17. */
    @Test
    void aOneMebibyteMessageIsSixteenBilledRequests() {
        Usage usage = new Usage();
        usage.record("sqs", "SendMessage", new byte[1024 * 1024], b("{}"), 200, OptionalDouble.empty());
        usage.record("sqs", "ReceiveMessage", b("{}"), new byte[1024 * 1024 + 1], 200, OptionalDouble.empty());
        usage.record("sqs", "DeleteMessage", new byte[64 * 1024], b("{}"), 200, OptionalDouble.empty());
        var counted = usage.operations();
        assertEquals(16, counted.get("sqs:SendMessage").billed(), "1 MiB = 16 × 64 KiB");
        // (a body of zero bytes holds no ReceiptHandle: counted as an empty receive, and billed all the same)
        assertEquals(17, counted.get("sqs:ReceiveMessage(empty)").billed(), "one byte over 16 chunks starts a 17th");
        assertEquals(1, counted.get("sqs:DeleteMessage").billed(), "exactly 64 KiB is one");
    }
}
