package dev.flywheel.topology;

import dev.flywheel.topology.RouteSpec.Auth;
import dev.flywheel.topology.RouteSpec.Throttle;
import dev.flywheel.topology.TableSpec.Gsi;
import dev.flywheel.topology.TableSpec.Key;
import dev.flywheel.topology.TableSpec.Projection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.flywheel.topology.Binding.literal;
import static dev.flywheel.topology.Binding.queue;
import static dev.flywheel.topology.Binding.read;
import static dev.flywheel.topology.Binding.readWrite;
import static dev.flywheel.topology.Binding.setting;

/** Flywheel's system: users, orders, inventory and payments, and the queues of the order saga. */
public final class FlywheelTopology {
    private FlywheelTopology() {}

    /** The setting that holds the payment provider's base URL. */
    public static final String PAYMENT_PROVIDER_URL = "paymentProviderUrl";

    /**
     * Provisioned concurrency of orders-api: environments initialized (and primed) before the first order; beyond
     * them Lambda starts on-demand environments, and a request waits for each one's cold start. On Lambda, at
     * ~10 ms a request, two carry ~100 orders/s at half load. It is four because the README's spike (50 orders/s)
     * needed four at once on a two-core laptop, where a request takes 15–40 ms while the workers drain: with two,
     * the other two cold-started in the spike's first second (5–10 s each under load) and its p99 went to seconds.
     * Each costs its memory × time around the clock (see the cost model).
     */
    static final int ORDERS_API_WARM = 4;

    public static Topology standard() {
        List<FunctionSpec> functions = List.of(
                function("users-api", "users", "usersApi", 512, 10, Map.of(
                        "USERS_TABLE", readWrite("users"),
                        "USER_EMAILS_TABLE", readWrite("user-emails"))),
                function("orders-api", "orders", "ordersApi", 512, 10, Map.of(
                        // writes an order placed with an Idempotency-Key: the key's claim is the order (see PlaceOrder)
                        "ORDERS_TABLE", readWrite("orders"),
                        "PRODUCTS_TABLE", read("products"),
                        "ORDERS_INTAKE_QUEUE_URL", queue("orders-intake"),
                        // an order it stored (see above) goes straight to inventory: see SqsOrderIntake
                        "INVENTORY_COMMANDS_QUEUE_URL", queue("inventory-commands")))
                        // the accept path of a promotion day: its environments are warm before the first order
                        .withProvisionedConcurrency(ORDERS_API_WARM),
                function("orders-worker", "orders", "ordersWorker", 512, 30, Map.of(
                        "ORDERS_TABLE", readWrite("orders"),
                        "INVENTORY_COMMANDS_QUEUE_URL", queue("inventory-commands"))),
                function("inventory-api", "inventory", "inventoryApi", 512, 10, Map.of(
                        "PRODUCTS_TABLE", readWrite("products"),
                        "STOCK_TABLE", readWrite("stock"))),
                function("inventory-worker", "inventory", "inventoryWorker", 512, 30, Map.of(
                        "PRODUCTS_TABLE", read("products"),
                        "STOCK_TABLE", readWrite("stock"),
                        "RESERVATIONS_TABLE", readWrite("reservations"),
                        "ORDERS_EVENTS_QUEUE_URL", queue("orders-events"),
                        "PAYMENTS_COMMANDS_QUEUE_URL", queue("payments-commands"))),
                function("payments-worker", "payments", "paymentsWorker", 512, 60, Map.of(
                        "PAYMENTS_IDEMPOTENCY_TABLE", readWrite("payments-idempotency"),
                        "ORDERS_EVENTS_QUEUE_URL", queue("orders-events"),
                        "PAYMENT_PROVIDER_URL", setting(PAYMENT_PROVIDER_URL))));

        // a 1 s batching window: in a spike, full batches of 10 instead of about 4 messages, so fewer SQS requests and
        // invocations per order (measured: SQS $1.51 → $1.06 and Lambda requests $0.42 → $0.32 per million orders)
        List<TriggerSpec> triggers = List.of(
                TriggerSpec.from("orders-intake").to("orders-worker").batchSize(10).batchingWindowSeconds(1).maximumConcurrency(20).build(),
                TriggerSpec.from("orders-events").to("orders-worker").batchSize(10).batchingWindowSeconds(1).maximumConcurrency(20).build(),
                TriggerSpec.from("inventory-commands").to("inventory-worker").batchSize(10).batchingWindowSeconds(1).maximumConcurrency(20).build(),
                // the provider is the slow, fragile dependency: fewer concurrent batches towards it
                TriggerSpec.from("payments-commands").to("payments-worker").batchSize(10).batchingWindowSeconds(1).maximumConcurrency(10).build());

        List<QueueSpec> queues = List.of(
                workQueue("orders-intake", 180), dlq("orders-intake-dlq"),
                workQueue("orders-events", 180), dlq("orders-events-dlq"),
                workQueue("inventory-commands", 180), dlq("inventory-commands-dlq"),
                workQueue("payments-commands", 360), dlq("payments-commands-dlq"));

        List<TableSpec> tables = List.of(
                TableSpec.of("users", "users", Key.string("userId")),
                TableSpec.of("user-emails", "users", Key.string("email")),
                TableSpec.of("products", "inventory", Key.string("sku")),
                // one item per stock shard ("SKU-1#3"): a flash-sale SKU spreads over N partitions
                TableSpec.of("stock", "inventory", Key.string("shardKey")),
                TableSpec.of("reservations", "inventory", Key.string("orderId")),
                // an order is written at every step of its saga and only the first puts it in a user's list: the index
                // holds the keys alone, so the status changes after it do not write the index again
                TableSpec.of("orders", "orders", Key.string("orderId"))
                        .withIndex(new Gsi("byUser", Key.string("userId"), Key.string("createdAt"), Projection.KEYS_ONLY)),
                TableSpec.of("payments-idempotency", "payments", Key.string("id")).withTtl("expiration"));

        Throttle standardThrottle = new Throttle(50, 100);
        List<RouteSpec> routes = List.of(
                new RouteSpec("POST", "/users", "users-api", Auth.USER, standardThrottle, "create-user"),
                new RouteSpec("GET", "/users/{userId}", "users-api", Auth.USER, standardThrottle),
                new RouteSpec("PUT", "/products/{sku}", "inventory-api", Auth.ADMIN, standardThrottle, "put-product"),
                new RouteSpec("GET", "/products/{sku}", "inventory-api", Auth.USER, new Throttle(200, 400)),
                new RouteSpec("POST", "/orders", "orders-api", Auth.USER, new Throttle(100, 200), "create-order"),
                new RouteSpec("GET", "/orders/{orderId}", "orders-api", Auth.USER, new Throttle(200, 400)),
                // "my orders": a page of up to 100 through the byUser index, so a lower rate than a single read
                new RouteSpec("GET", "/orders", "orders-api", Auth.USER, new Throttle(50, 100)));

        return new Topology(functions, triggers, queues, tables, routes).validate();
    }

    private static FunctionSpec function(String name, String capability, String definition, int memoryMb, int timeoutSeconds,
                                         Map<String, Binding> environment) {
        Map<String, Binding> env = new LinkedHashMap<>(environment);
        env.put("POWERTOOLS_SERVICE_NAME", literal(name));
        env.put("POWERTOOLS_METRICS_NAMESPACE", literal("Flywheel"));
        env.put("SPRING_CLOUD_FUNCTION_DEFINITION", literal(definition));
        String jar = "functions/" + capability + "/target/flywheel-" + capability + "-lambda.jar";
        return new FunctionSpec(name, capability, jar, definition, memoryMb, timeoutSeconds, env);
    }

    private static QueueSpec workQueue(String name, int visibilityTimeoutSeconds) {
        return new QueueSpec(name, false, visibilityTimeoutSeconds, name + "-dlq", 5, 4 * 24 * 3600);
    }

    private static QueueSpec dlq(String name) {
        // a DLQ keeps its messages for the 14-day maximum: they are evidence
        return new QueueSpec(name, false, 30, null, 0, 14 * 24 * 3600);
    }
}
