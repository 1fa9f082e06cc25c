package dev.flywheel.payments;

import dev.flywheel.kit.aws.AwsClients;
import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.priming.Priming;
import dev.flywheel.kit.idempotency.DynamoPersistenceStore;
import dev.flywheel.kit.idempotency.IdempotencyStore;
import dev.flywheel.kit.spring.FunctionRegistrar;
import dev.flywheel.kit.sqs.SqsBatchProcessor;
import dev.flywheel.kit.sqs.SqsPublisher;
import dev.flywheel.kit.sqs.SqsVisibilityControl;
import dev.flywheel.payments.adapters.GuardedPaymentProvider;
import dev.flywheel.payments.adapters.HttpPaymentProvider;
import dev.flywheel.payments.domain.PaymentCapture;
import dev.flywheel.payments.worker.PaymentsWorker;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

import java.time.Clock;
import java.time.Duration;

/**
 * The payments deployment jar's function: {@code paymentsWorker}. Tunables (environment, with defaults):
 * PAYMENT_PROVIDER_TIMEOUT_MS 3000, PAYMENT_BREAKER_FAILURE_RATE 50 (%), PAYMENT_BREAKER_MIN_CALLS 5,
 * PAYMENT_BREAKER_OPEN_MS 10000, PAYMENT_RETRY_BASE_SECONDS 5 (doubling per receive: 5, 10, 20, 40 s before
 * the DLQ's fifth receive).
 */
@SpringBootConfiguration
public class PaymentsFunctions implements ApplicationContextInitializer<GenericApplicationContext> {
    /** The payments-commands trigger's batch size ({@code FlywheelTopology}): the most captures a batch can run at once. */
    static final int BATCH_SIZE = 10;

    @Override
    public void initialize(GenericApplicationContext context) {
        FunctionRegistrar.on(context).sqs("paymentsWorker", () -> {
            Clock clock = Clock.systemUTC();
            Duration timeout = Duration.ofMillis(Env.integer("PAYMENT_PROVIDER_TIMEOUT_MS", 3000));
            var provider = new GuardedPaymentProvider(new HttpPaymentProvider(Env.required("PAYMENT_PROVIDER_URL"), timeout),
                    Env.integer("PAYMENT_BREAKER_FAILURE_RATE", 50), Env.integer("PAYMENT_BREAKER_MIN_CALLS", 5),
                    Duration.ofMillis(Env.integer("PAYMENT_BREAKER_OPEN_MS", 10_000)));
            var idempotency = new IdempotencyStore(new DynamoPersistenceStore(AwsClients.dynamo(), Env.required("PAYMENTS_IDEMPOTENCY_TABLE")),
                    Duration.ofDays(7), clock);
            Priming.register("paymentsWorker", () -> {
                Priming.jsonCodec();
                AwsClients.dynamo().describeTable(b -> b.tableName(Env.required("PAYMENTS_IDEMPOTENCY_TABLE")));
                AwsClients.sqs().getQueueAttributes(b -> b.queueUrl(Env.required("ORDERS_EVENTS_QUEUE_URL")));
            });
            var batch = new SqsBatchProcessor("payments-worker", new SqsPublisher(AwsClients.sqs()), new SqsVisibilityControl(AwsClients.sqs()), clock);
            // a capture mostly waits on the provider: a batch's captures wait together (payments-worker's billed time
            // halves in the spike, docs/load-history.md); PAYMENTS_CAPTURES_AT_ONCE=1 handles them one after another
            int capturesAtOnce = Math.min(Env.integer("PAYMENTS_CAPTURES_AT_ONCE", BATCH_SIZE), BATCH_SIZE);
            if (capturesAtOnce > 1) batch = batch.handlingConcurrently(capturesAtOnce);
            var payments = new PaymentCapture(provider, idempotency, Duration.ofSeconds(Env.integer("PAYMENT_RETRY_BASE_SECONDS", 5)));
            return new PaymentsWorker(payments, batch, Env.required("ORDERS_EVENTS_QUEUE_URL"))::handle;
        });
    }
}
