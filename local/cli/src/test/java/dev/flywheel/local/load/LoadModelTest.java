package dev.flywheel.local.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.meter.PlatformUsage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load harness's pure parts: profiles, the request mix, fault specs, usage deltas and the cost model. */
class LoadModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSpikeProfileIsTenTimesTheBaseForItsMiddleThird() {
        LoadProfile p = LoadProfile.of(LoadProfile.Kind.SPIKE, 5, 90, 10);
        assertEquals(5, p.rateAt(29));
        assertEquals(50, p.rateAt(30));
        assertEquals(50, p.rateAt(59));
        assertEquals(5, p.rateAt(60));
        assertEquals(60 * 5 + 30 * 50, p.totalRequests());
        LoadProfile ramp = LoadProfile.of(LoadProfile.Kind.RAMP, 2, 11, 3);
        assertEquals(2, ramp.rateAt(0), 1e-9);
        assertEquals(6, ramp.rateAt(10), 1e-9);
    }

    @Test
    void mixesAndFaultsAreParsedOrRefusedWithAReason() {
        assertEquals(Map.of(RequestMix.Kind.GOOD, 9, RequestMix.Kind.MALFORMED, 1), RequestMix.parse("good=9,malformed=1").weights());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RequestMix.parse("great=1")).getMessage().contains("unknown kind"));
        FaultPlan plan = new FaultPlan(List.of("duplicates@20+30", "kill:inventory-worker@5", "dynamo-throttle:0.2@1+2"));
        assertEquals("kill:inventory-worker@5", plan.faults().get(1).toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FaultPlan(List.of("duplicates@20"))).getMessage().contains("window"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FaultPlan(List.of("meteor@1+2"))).getMessage().contains("unknown fault"));
    }

    @Test
    void theNaiveConfigurationCostsMoreOnEveryItemItChanges() throws Exception {
        PlatformUsage before = JSON.readValue("""
                {"api":{"requests":10},"lambda":{"w":{"invocations":1,"gbSeconds":0.5,"memoryMb":512,"worker":true}},"aws":{}}""",
                PlatformUsage.class);
        PlatformUsage after = JSON.readValue("""
                {"api":{"requests":1010},
                 "lambda":{"api":{"invocations":1000,"gbSeconds":10.0,"memoryMb":512,"worker":false},
                           "w":{"invocations":301,"gbSeconds":20.5,"memoryMb":512,"worker":true}},
                 "aws":{"sqs:SendMessageBatch":{"requests":1000,"billed":1000,"messages":0},
                        "sqs:ReceiveMessage":{"requests":300,"billed":300,"messages":3000},
                        "sqs:ReceiveMessage(empty)":{"requests":5000,"billed":5000,"messages":0},
                        "sqs:DeleteMessageBatch":{"requests":300,"billed":300,"messages":0},
                        "dynamodb:PutItem":{"requests":1000,"billed":1000},
                        "dynamodb:GetItem":{"requests":1000,"billed":500}}}""", PlatformUsage.class);
        PlatformUsage used = after.since(before);
        assertEquals(1000, used.api().requests());
        assertEquals(300, used.lambda().get("w").invocations(), "counters subtract");
        assertEquals(20.0, used.lambda().get("w").gbSeconds(), 1e-9);
        assertEquals(512, used.lambda().get("w").memoryMb(), "settings are kept, not subtracted");
        assertEquals(used.api().requests() + before.api().requests(), used.plus(before).api().requests(), "and stretches add up");
        var cost = CostModel.perMillionOrders(used, 1000, PriceTable.load());
        assertTrue(cost.get("API requests").naive() > cost.get("API requests").flywheel(), "REST costs more than HTTP API");
        assertTrue(cost.get("Lambda requests").naive() > cost.get("Lambda requests").flywheel(), "an invocation per message");
        assertTrue(cost.get("SQS requests").naive() > cost.get("SQS requests").flywheel(), "a receive and a delete per message");
        assertTrue(cost.get("DynamoDB writes").naive() > cost.get("DynamoDB writes").flywheel(), "two idempotency writes per message");
        assertEquals(cost.get("DynamoDB reads").naive(), cost.get("DynamoDB reads").flywheel(), 1e-9);
        // SQS: 1000 sends + 300 receives + 300 deletes = 1600 units for 1000 orders (empty polls left out) = $0.64 per million orders
        assertEquals(1600 * 0.40 / 1e6 * 1000, cost.get("SQS requests").flywheel(), 1e-9);
    }

    @Test
    void provisionedConcurrencyIsChargedForItsTimeAndItsDurationsAtTheirOwnPrices() throws Exception {
        // 2 provisioned environments of 512 MB kept for 100 s = 100 GB-s; 4 GB-s of invocations in them; 6 GB-s on demand (init included)
        PlatformUsage used = JSON.readValue("""
                {"api":{"requests":1000},
                 "lambda":{"api":{"invocations":1000,"gbSeconds":6.0,"provisioned":2,"provisionedGbSeconds":100.0,
                                  "provisionedDurationGbSeconds":4.0,"memoryMb":512,"worker":false}},
                 "aws":{}}""", PlatformUsage.class);
        var cost = CostModel.perMillionOrders(used, 1000, PriceTable.load());
        double scale = 1_000_000.0 / 1000;
        assertEquals(100 * 0.0000033334 * scale, cost.get("Lambda provisioned").flywheel(), 1e-9);
        assertEquals(0, cost.get("Lambda provisioned").naive(), 1e-9, "the naive configuration runs on demand only");
        assertEquals((6 * 0.0000133334 + 4 * 0.0000077778) * scale, cost.get("Lambda GB-seconds").flywheel(), 1e-9);
        assertEquals(10 * 0.0000166667 * scale, cost.get("Lambda GB-seconds").naive(), 1e-9, "every duration on demand, x86");
        assertEquals(2, used.since(used).lambda().get("api").provisioned(), "a count of environments is a setting, not a counter");
    }
}
