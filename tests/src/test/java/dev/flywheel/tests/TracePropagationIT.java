package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.runtime.InvocationResult;
import dev.flywheel.local.runtime.SqsEvents;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trace context travels as it does on AWS, one hop at a time, through the real deployment jars: each invocation
 * gets a trace header from the runtime, the SDK sends it with the function's SendMessage, SQS stamps it on the
 * message as {@code AWSTraceHeader}, and the next function's hop names its own trace. A platform without triggers,
 * so the test holds each message and hands it on itself: orders-api (over HTTP) → orders-intake → orders-worker
 * (invoked with the message as the event-source mapping would) → inventory-commands. On the embedded emulators:
 * ElasticMQ, like SQS, turns the send's {@code X-Amzn-Trace-Id} header into the attribute. (moto 5 does not, and
 * drops system attributes on batch sends, so behind {@code --endpoint} moto the hops keep their trace ids but the
 * messages carry none.)
 */
class TracePropagationIT {
    private static final Pattern ROOT = Pattern.compile("^Root=(1-[0-9a-f]{8}-[0-9a-f]{24});Parent=[0-9a-f]{16};Sampled=[01]$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalPlatform platform;

    /** The test platform with every trigger taken away, so that the test moves each message on itself. */
    @BeforeAll
    static void start() {
        Topology full = FlywheelTopology.standard();
        // not validate(): it insists that every queue has its consumer
        Topology untriggered = new Topology(full.functions(), List.of(), full.queues(), full.tables(), full.routes());
        platform = LocalPlatform.start(TestPlatforms.options().withFreePorts().withTopology(untriggered)
                .withProvisionedConcurrency(false).withClassDataSharing(false));
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void eachHopNamesItsTraceAndEachMessageCarriesItsSendersTraceHeader() throws Exception {
        Shop shop = new Shop(platform);
        String sku = Shop.unique("SKU"), user = Shop.unique("user");
        shop.product(sku, 1999, 10, 2);
        String orderId = shop.order(user, sku, 2, "tok_visa");

        Message placed = receiveOne("orders-intake");
        String apiTrace = rootOf(placed);
        JsonNode placedHops = JSON.readTree(placed.body()).get("hops");
        assertEquals(1, placedHops.size());
        assertEquals("orders-api", placedHops.get(0).get("service").asText());
        assertEquals(apiTrace, placedHops.get(0).get("traceId").asText(), "orders-api's hop names the trace its message carries");

        byte[] event = SqsEvents.event(List.of(placed), platform.resources().queueArns().get("orders-intake"), "us-east-1");
        InvocationResult worked = platform.invoke("orders-worker", event);
        assertTrue(worked.succeeded(), worked.message());
        JsonNode response = JSON.readTree(new String(worked.payload(), StandardCharsets.UTF_8));
        assertEquals(0, response.path("batchItemFailures").size(), "the record was handled: " + response);

        Message reserve = receiveOne("inventory-commands");
        String workerTrace = rootOf(reserve);
        assertNotEquals(apiTrace, workerTrace, "each invocation is a trace of its own, linked to its producer's through AWSTraceHeader");
        JsonNode reserveHops = JSON.readTree(reserve.body()).get("hops");
        assertEquals(List.of("orders-api", "orders-worker"), List.of(reserveHops.get(0).get("service").asText(), reserveHops.get(1).get("service").asText()));
        assertEquals(apiTrace, reserveHops.get(0).get("traceId").asText(), "the earlier hop keeps its trace");
        assertEquals(workerTrace, reserveHops.get(1).get("traceId").asText());

        JsonNode order = shop.api.call(Api.Caller.user(user), "GET", "/orders/" + orderId, null).json();
        JsonNode steps = order.get("trace").get("hops");
        assertEquals(apiTrace, steps.get(0).get("traceId").asText(), "GET /orders/{id} shows each hop's trace: " + order);
        assertEquals(workerTrace, steps.get(1).get("traceId").asText(), order.toString());

        // ./flywheel trace and the dashboard read the stored hops themselves (the orders table's compact form)
        HttpResponse<String> stored = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(platform.url().resolve("/dashboard/api/orders/" + orderId)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode storedHops = JSON.readTree(stored.body()).get("hops");
        assertEquals(apiTrace, storedHops.get(0).get("traceId").asText(), stored.body());
        assertEquals(workerTrace, storedHops.get(1).get("traceId").asText(), stored.body());
        assertEquals(List.of("orders-api", "orders-worker"), List.of(storedHops.get(0).get("service").asText(), storedHops.get(1).get("service").asText()));
    }

    /** The one message on the queue, with its system attributes, deleted from it. */
    private static Message receiveOne(String queue) {
        String url = platform.resources().queueUrl(queue);
        for (int attempt = 0; attempt < 10; attempt++) {
            List<Message> got = platform.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            if (got.isEmpty()) continue;
            assertEquals(1, got.size(), "one message on " + queue);
            platform.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
            return got.get(0);
        }
        throw new AssertionError("no message on " + queue);
    }

    private static String rootOf(Message m) {
        String header = m.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER);
        assertTrue(header != null, "the message carries AWSTraceHeader: " + m.attributes());
        Matcher matcher = ROOT.matcher(header);
        assertTrue(matcher.matches(), "Lambda's trace header shape: " + header);
        return matcher.group(1);
    }
}
