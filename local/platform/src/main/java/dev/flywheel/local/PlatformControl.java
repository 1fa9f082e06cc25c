package dev.flywheel.local;

import dev.flywheel.local.http.LoopbackHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.flywheel.local.meter.MeteredEndpoint;

import java.io.IOException;
import java.util.Locale;

/**
 * The platform's control API under {@code /platform/}, for the load harness and for people poking at it:
 * <ul>
 *   <li>{@code GET /platform/usage}: API requests, Lambda invocations and GB-seconds per function, SQS and
 *       DynamoDB requests and billed units per operation (the cost model's input);</li>
 *   <li>{@code POST /platform/faults} with one of {@code {"duplicateDeliveries":true}},
 *       {@code {"dynamo":{"kind":"throttle"|"error","rate":0.2}}} (rate 0 stops it), or
 *       {@code {"kill":"inventory-worker"}} (kills an environment of that function while an invocation is in flight, waiting up to 10 s for one), or
 *       {@code {"crash":true}} (SIGKILLs the whole platform, functions included, to be started again on the same
 *       data by {@code ./flywheel up}'s supervisor; 409 where nothing would come back).</li>
 * </ul>
 */
final class PlatformControl implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalPlatform platform;

    PlatformControl(LocalPlatform platform) { this.platform = platform; }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            if (method.equals("GET") && path.equals("/platform/usage")) send(exchange, 200, JSON.valueToTree(platform.usageSoFar()));
            else if (method.equals("POST") && path.equals("/platform/faults")) fault(exchange, JSON.readTree(exchange.getRequestBody()));
            else send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, JSON.createObjectNode().put("message", e.getMessage()));
        }
    }

    private void fault(HttpExchange exchange, JsonNode body) throws IOException {
        if (!body.has("crash")) {
            send(exchange, 200, fault(body));
            return;
        }
        var refusal = CrashFault.refusal(platform.durable());
        if (refusal.isPresent()) {
            send(exchange, 409, JSON.createObjectNode().put("message", refusal.get()));
            return;
        }
        send(exchange, 202, JSON.createObjectNode().put("crash", "SIGKILL to the platform and its functions in 200 ms; its supervisor starts it again"));
        CrashFault.schedule(200);
    }

    private ObjectNode fault(JsonNode body) {
        ObjectNode answer = JSON.createObjectNode();
        if (body.has("duplicateDeliveries")) {
            platform.duplicateDeliveries(body.get("duplicateDeliveries").asBoolean());
            answer.put("duplicateDeliveries", body.get("duplicateDeliveries").asBoolean());
        } else if (body.has("dynamo")) {
            JsonNode d = body.get("dynamo");
            MeteredEndpoint.FaultKind kind = MeteredEndpoint.FaultKind.valueOf(d.path("kind").asText("throttle").toUpperCase(Locale.ROOT));
            double rate = d.path("rate").asDouble(0);
            if (rate < 0 || rate > 1) throw new IllegalArgumentException("rate is 0..1");
            platform.dynamoFault(kind, rate);
            answer.put("dynamo", kind.name().toLowerCase(Locale.ROOT) + " " + rate);
        } else if (body.has("kill")) {
            String function = body.get("kill").asText();
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until) {
                var killed = platform.killMidInvocation(function);
                if (killed.isPresent()) return answer.put("killed", killed.get().id()).put("pid", killed.get().pid());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return answer.putNull("killed").put("reason", "no busy environment of " + function + " within 10 s");
        } else {
            throw new IllegalArgumentException("expected duplicateDeliveries, dynamo, kill or crash");
        }
        return answer;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        LoopbackHttp.send(exchange, status, "application/json", body.toString());
    }
}
