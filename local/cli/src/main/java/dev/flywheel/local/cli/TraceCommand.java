package dev.flywheel.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.gateway.ApiClient;
import dev.flywheel.local.gateway.HttpApiEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.util.concurrent.Callable;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Prints an order's hops with the time spent in each and queued before each, from its envelope trace.")
public final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the order id (from the 202 of POST /orders)")
    String orderId;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "the running platform (default: ${DEFAULT-VALUE})")
    URI url;

    @Override
    public Integer call() throws Exception {
        HttpApiEvents.Response r;
        try {
            r = new ApiClient(url).call(null, "GET", "/dashboard/api/orders/" + orderId, null);
        } catch (IllegalStateException e) {
            System.err.println("flywheel: no platform answers at " + url + " (start one: ./flywheel up)");
            return 1;
        }
        if (r.status() == 404) {
            System.err.println("flywheel: " + r.json().path("message").asText("no such order"));
            return 1;
        }
        if (r.status() != 200) {
            System.err.println("flywheel: " + url + " answered " + r.status());
            return 1;
        }
        System.out.print(format(new ObjectMapper().readTree(r.body())));
        return 0;
    }

    static String format(JsonNode order) {
        StringBuilder out = new StringBuilder();
        out.append("order ").append(order.get("orderId").asText()).append("  ").append(order.get("status").asText());
        if (order.hasNonNull("reason")) out.append(" (").append(order.get("reason").asText()).append(')');
        out.append('\n');
        out.append(String.format("  %-18s %10s %12s  %s%n", "hop", "took ms", "queued ms", "X-Ray trace"));
        for (JsonNode hop : order.get("hops")) {
            out.append(String.format("  %-18s %10d %12s  %s%n", hop.get("service").asText(), hop.get("durationMs").asLong(),
                    hop.get("queuedMs").isNull() ? "-" : Long.toString(hop.get("queuedMs").asLong()), hop.path("traceId").asText("-")));
        }
        out.append(String.format("  %-18s %10d ms from the first hop's start to the last hop's end%n", "total", order.get("totalMs").asLong()));
        return out.toString();
    }
}
