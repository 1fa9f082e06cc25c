package dev.flywheel.inventory;

import dev.flywheel.inventory.adapters.CachedCatalog;
import dev.flywheel.inventory.adapters.DynamoCatalog;
import dev.flywheel.inventory.adapters.DynamoStockLedger;
import dev.flywheel.inventory.api.InventoryApi;
import dev.flywheel.inventory.domain.Products;
import dev.flywheel.inventory.domain.Reservations;
import dev.flywheel.inventory.worker.InventoryWorker;
import dev.flywheel.kit.aws.AwsClients;
import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.priming.Priming;
import dev.flywheel.kit.spring.FunctionRegistrar;
import dev.flywheel.kit.sqs.SqsBatchProcessor;
import dev.flywheel.kit.sqs.SqsPublisher;
import dev.flywheel.kit.sqs.SqsVisibilityControl;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

import java.time.Clock;
import java.util.List;
import java.time.Duration;

/** The inventory deployment jar's functions: {@code inventoryApi} and {@code inventoryWorker}. Wiring only. */
@SpringBootConfiguration
public class InventoryFunctions implements ApplicationContextInitializer<GenericApplicationContext> {
    /** Effect-free requests (a read, a refusal) that a provisioned inventory-api runs during init: see ProvisionedPriming. */
    public static final List<String> PRIMING_FIXTURES = List.of("inventory/get-product.json", "inventory/put-product-not-admin.json");

    /** Products cached 5 s (a price change reaches warm instances within it), stock views 1 s. */
    private static CachedCatalog catalog(Clock clock) {
        return new CachedCatalog(new DynamoCatalog(AwsClients.dynamo(), Env.required("PRODUCTS_TABLE"), Env.required("STOCK_TABLE"), clock),
                Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    @Override
    public void initialize(GenericApplicationContext context) {
        Clock clock = Clock.systemUTC();
        FunctionRegistrar.on(context)
                .http("inventoryApi", () -> {
                    var catalog = catalog(clock);
                    Priming.register("inventoryApi", () -> {
                        Priming.jsonCodec();
                        catalog.product("priming");
                    });
                    return new InventoryApi(new Products(catalog))::handle;
                }, PRIMING_FIXTURES)
                .sqs("inventoryWorker", () -> {
                    var catalog = catalog(clock);
                    var ledger = new DynamoStockLedger(AwsClients.dynamo(), Env.required("RESERVATIONS_TABLE"), Env.required("STOCK_TABLE"), clock);
                    Priming.register("inventoryWorker", () -> {
                        Priming.jsonCodec();
                        catalog.product("priming");
                        AwsClients.sqs().getQueueAttributes(b -> b.queueUrl(Env.required("ORDERS_EVENTS_QUEUE_URL")));
                    });
                    var batch = new SqsBatchProcessor("inventory-worker", new SqsPublisher(AwsClients.sqs()), new SqsVisibilityControl(AwsClients.sqs()), clock);
                    return new InventoryWorker(new Reservations(catalog, ledger), batch,
                            Env.required("ORDERS_EVENTS_QUEUE_URL"), Env.required("PAYMENTS_COMMANDS_QUEUE_URL"))::handle;
                });
    }
}
