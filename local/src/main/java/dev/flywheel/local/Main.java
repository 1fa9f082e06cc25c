package dev.flywheel.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.local.gateway.HttpApiEvents;
import dev.flywheel.local.gateway.RouteTable;
import dev.flywheel.local.gateway.VerifiedApi;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local platform's command line (run through {@code ./flywheel}):
 * <pre>
 *   up    [--endpoint URL] [--sqs-port 9324] [--dynamodb-port 8000] [--provider-port 8090]
 *         runs the platform until Ctrl-C, which drains in-flight batches and stops everything
 *   demo  starts a platform on free ports, defines a product, places an order and follows it to its end
 * </pre>
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        String command = rest.isEmpty() ? "help" : rest.pop();
        Path root = Path.of(System.getProperty("flywheel.root", ".")).toAbsolutePath().normalize();
        switch (command) {
            case "up" -> up(options(root, rest));
            case "demo" -> {
                demo(PlatformOptions.defaults(root).withFreePorts());
                System.exit(0); // functions leave executor threads behind (as on Lambda, where the sandbox is frozen)
            }
            default -> {
                System.out.println("usage: ./flywheel up [--endpoint URL] [--sqs-port N] [--dynamodb-port N] [--provider-port N]\n"
                        + "       ./flywheel demo");
                if (!command.equals("help")) System.exit(2);
            }
        }
    }

    static PlatformOptions options(Path root, Deque<String> args) {
        PlatformOptions o = PlatformOptions.defaults(root);
        int sqs = o.sqsPort(), dynamo = o.dynamoPort(), provider = o.providerPort();
        String endpoint = null;
        while (!args.isEmpty()) {
            String flag = args.pop();
            if (args.isEmpty()) throw new IllegalArgumentException(flag + " needs a value");
            String value = args.pop();
            switch (flag) {
                case "--endpoint" -> endpoint = value;
                case "--sqs-port" -> sqs = Integer.parseInt(value);
                case "--dynamodb-port" -> dynamo = Integer.parseInt(value);
                case "--provider-port" -> provider = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        PlatformOptions chosen = new PlatformOptions(root, o.topology(), o.endpoint(), sqs, dynamo, provider, o.namePrefix(),
                o.pollersPerTrigger(), o.longPoll(), o.environment());
        return endpoint == null ? chosen : chosen.withEndpoint(endpoint, endpoint);
    }

    static void up(PlatformOptions options) throws InterruptedException {
        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(options);
        } catch (IllegalStateException e) {
            System.err.println("flywheel: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nflywheel: draining in-flight batches and stopping...");
            platform.close();
            stopped.countDown();
        }));
        System.out.println("""

                Flywheel is up (functions run from their deployment jars; Ctrl-C stops everything).
                  SQS (ElasticMQ)     %s
                  DynamoDB (Local)    %s
                  payment provider    %s   (POST /admin/mode {"mode":"fail"} to break it)
                  queues              %s
                  tables              %s

                Look inside with the AWS CLI (any credentials):
                  aws --endpoint-url %s --region us-east-1 sqs list-queues
                  aws --endpoint-url %s --region us-east-1 dynamodb scan --table-name orders
                """.formatted(platform.endpoints().sqs(), platform.endpoints().dynamo(), platform.provider().baseUrl(),
                String.join(", ", platform.resources().queueUrls().keySet()), String.join(", ", platform.resources().tableNames().values()),
                platform.endpoints().sqs(), platform.endpoints().dynamo()));
        stopped.await();
    }

    /** A product, an order, its saga to the end, and the time each hop took: the quick start without a front door. */
    static void demo(PlatformOptions options) throws InterruptedException {
        try (LocalPlatform platform = LocalPlatform.start(options)) {
            VerifiedApi api = new VerifiedApi(platform, new RouteTable(options.topology().routes()));
            call(api, "admin-1", true, "PUT", "/products/SKU-1",
                    "{\"name\":\"Flash-sale sneaker\",\"price\":{\"amount\":1999,\"currency\":\"EUR\"},\"stock\":500,\"shards\":8}");
            HttpApiEvents.Response accepted = call(api, "user-ada", false, "POST", "/orders",
                    "{\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2}],\"paymentToken\":\"tok_visa\"}");
            String orderId = accepted.json().get("orderId").asText();
            JsonNode order = null;
            for (int i = 0; i < 600; i++) {
                HttpApiEvents.Response r = call(api, "user-ada", false, "GET", "/orders/" + orderId, null, false);
                if (r.status() == 200 && List.of("CONFIRMED", "REJECTED", "CANCELLED").contains(r.json().get("status").asText())) {
                    order = r.json();
                    break;
                }
                Thread.sleep(100);
            }
            if (order == null) throw new IllegalStateException("order " + orderId + " did not finish in 60 s");
            System.out.println("\norder " + orderId + " → " + order.get("status").asText() + ", " + order.get("amount"));
            for (JsonNode hop : order.get("trace").get("hops")) {
                System.out.printf("  %-18s %5d ms%s%n", hop.get("service").asText(), hop.get("durationMs").asLong(),
                        hop.hasNonNull("queuedMs") ? "   (queued " + hop.get("queuedMs").asLong() + " ms before)" : "");
            }
            System.out.println("  total              " + order.get("trace").get("totalMs").asLong() + " ms (includes cold starts)\n");
        }
    }

    private static HttpApiEvents.Response call(VerifiedApi api, String sub, boolean admin, String method, String path, String body) {
        return call(api, sub, admin, method, path, body, true);
    }

    private static HttpApiEvents.Response call(VerifiedApi api, String sub, boolean admin, String method, String path, String body, boolean print) {
        HttpApiEvents.Response response = api.call(VerifiedApi.claims(sub, admin), method, path, body, Map.of());
        if (print) System.out.println(method + " " + path + " → " + response.status() + " " + response.body());
        return response;
    }
}
