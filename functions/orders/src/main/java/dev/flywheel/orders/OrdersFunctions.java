package dev.flywheel.orders;

import dev.flywheel.kit.aws.AwsClients;
import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.priming.Priming;
import dev.flywheel.kit.spring.FunctionRegistrar;
import dev.flywheel.kit.sqs.SqsBatchProcessor;
import dev.flywheel.kit.sqs.SqsPublisher;
import dev.flywheel.kit.sqs.SqsVisibilityControl;
import dev.flywheel.orders.adapters.CachedProductCatalog;
import dev.flywheel.orders.adapters.DynamoOrderStore;
import dev.flywheel.orders.adapters.SqsOrderIntake;
import dev.flywheel.orders.api.OrdersApi;
import dev.flywheel.orders.domain.Order;
import dev.flywheel.orders.domain.OrderSaga;
import dev.flywheel.orders.domain.PlaceOrder;
import dev.flywheel.orders.worker.OrdersWorker;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

import java.time.Clock;
import java.util.List;
import java.time.Duration;

/** The orders deployment jar's functions: {@code ordersApi} and {@code ordersWorker}. Wiring only. */
@SpringBootConfiguration
public class OrdersFunctions implements ApplicationContextInitializer<GenericApplicationContext> {
    /** Effect-free requests (a read, two refusals) that a provisioned orders-api runs during init: see ProvisionedPriming. */
    public static final List<String> PRIMING_FIXTURES = List.of("orders/get-order.json", "orders/post-order-duplicate-sku.json", "orders/post-order-malformed.json");

    @Override
    public void initialize(GenericApplicationContext context) {
        Clock clock = Clock.systemUTC();
        FunctionRegistrar.on(context)
                .http("ordersApi", () -> {
                    var orders = new DynamoOrderStore(AwsClients.dynamo(), Env.required("ORDERS_TABLE"), clock);
                    var publisher = new SqsPublisher(AwsClients.sqs());
                    var intake = new SqsOrderIntake(publisher, Env.required("ORDERS_INTAKE_QUEUE_URL"), Env.required("INVENTORY_COMMANDS_QUEUE_URL"), clock);
                    var placeOrder = new PlaceOrder(
                            new CachedProductCatalog(AwsClients.dynamo(), Env.required("PRODUCTS_TABLE"), Duration.ofMinutes(5)), orders, intake);
                    Priming.register("ordersApi", () -> {
                        Priming.jsonCodec();
                        orders.find("priming");
                        // an order's two writes, each refused whole: nothing is stored or queued
                        Order sample = SqsOrderIntake.primingSample(clock.instant());
                        orders.rehearsePlace(sample);
                        publisher.rehearse(intake.rehearsal(sample));
                    });
                    return new OrdersApi(placeOrder, orders, clock)::handle;
                }, PRIMING_FIXTURES)
                .sqs("ordersWorker", () -> {
                    var store = new DynamoOrderStore(AwsClients.dynamo(), Env.required("ORDERS_TABLE"), clock);
                    var saga = new OrderSaga(store);
                    Priming.register("ordersWorker", () -> {
                        Priming.jsonCodec();
                        store.find("priming");
                        AwsClients.sqs().getQueueAttributes(b -> b.queueUrl(Env.required("INVENTORY_COMMANDS_QUEUE_URL")));
                    });
                    var batch = new SqsBatchProcessor("orders-worker", new SqsPublisher(AwsClients.sqs()), new SqsVisibilityControl(AwsClients.sqs()), clock);
                    return new OrdersWorker(saga, batch, Env.required("INVENTORY_COMMANDS_QUEUE_URL"))::handle;
                });
    }
}
