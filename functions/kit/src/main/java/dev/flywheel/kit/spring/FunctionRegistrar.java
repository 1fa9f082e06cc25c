package dev.flywheel.kit.spring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.flywheel.kit.config.Env;
import dev.flywheel.kit.observability.Observability;
import dev.flywheel.kit.priming.ProvisionedPriming;
import org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConverter;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Functional registration of a capability's functions (no component scan: it costs 30–50% of cold start).
 * Each function receives the Lambda {@link Context} from the {@code aws-context} message header and runs
 * inside {@link Observability#invocation}. A deployment jar holds several functions, and each Lambda function
 * registers only the one its {@code SPRING_CLOUD_FUNCTION_DEFINITION} names: the others would fail for lack of
 * their environment (Spring Cloud Function instantiates every registered function at start-up). The chosen one is
 * built during init, so its SDK clients and schemas are paid for in the init phase, not by the first event.
 */
public final class FunctionRegistrar {
    private final GenericApplicationContext context;

    private FunctionRegistrar(GenericApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts a registration and registers the AWS types message converter, which writes the functions' responses as
     * Lambda's serializer does. Functional mode skips it (AWSCompanionAutoConfiguration is a configuration class), and
     * a function declared as taking {@code SQSEvent} then gets {@code Records} bound to null, a batch acknowledged
     * unprocessed: ours take raw bytes ({@link #sqs}), and the converter stays for the responses. It is wrapped so
     * that a client's headers cannot forge its flags ({@link ClientHeaderProofConverter}).
     */
    public static FunctionRegistrar on(GenericApplicationContext context) {
        context.registerBean("awsTypesMessageConverter", MessageConverter.class,
                () -> new ClientHeaderProofConverter(new AWSCompanionAutoConfiguration().awsTypesMessageConverter(context)));
        return new FunctionRegistrar(context);
    }

    /**
     * An SQS-triggered function: a batch in, partial failures out. It too takes the event's raw bytes and reads them
     * with Lambda's serializer, built once: given the event type, Spring Cloud Function 5.0.1's AWS converter builds a
     * new serializer for every invocation (measured: 6% of a worker's CPU under load).
     */
    public FunctionRegistrar sqs(String name, Supplier<Function<SQSEvent, SQSBatchResponse>> factory) {
        return register(name, byte[].class, SQSBatchResponse.class, raw(SQS_EVENTS, factory), List.of());
    }

    /** An API Gateway HTTP API function (payload format 2.0). */
    public FunctionRegistrar http(String name, Supplier<Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> factory) {
        return http(name, factory, List.of());
    }

    /**
     * An HTTP function that, in an environment initialized for provisioned concurrency, runs these effect-free
     * fixtures (classpath paths, as in {@code events/}) during init: see {@link ProvisionedPriming}.
     * <p>
     * It is registered as taking the event's raw bytes, which it reads itself with Lambda's own serializer. Declared
     * as taking the event type, Spring Cloud Function 5.0.1 reads a request's body and headers as instructions: a
     * body that is a JSON array, or a {@code payload} header that is one, makes it invoke the function once per
     * element, each element cast to the event (a 500); raw bytes are never split.
     */
    public FunctionRegistrar http(String name, Supplier<Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> factory,
                                  List<String> primingFixtures) {
        return register(name, byte[].class, APIGatewayV2HTTPResponse.class, raw(HTTP_EVENTS, factory), primingFixtures);
    }

    /** A function of the event's raw bytes, which it reads with the given serializer before calling the function. */
    private static <E, O> Supplier<Function<byte[], O>> raw(PojoSerializer<E> events, Supplier<Function<E, O>> factory) {
        return () -> {
            Function<E, O> function = factory.get();
            return bytes -> function.apply(events.fromJson(new ByteArrayInputStream(bytes)));
        };
    }

    private static final PojoSerializer<APIGatewayV2HTTPEvent> HTTP_EVENTS =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, FunctionRegistrar.class.getClassLoader());
    private static final PojoSerializer<SQSEvent> SQS_EVENTS =
            LambdaEventSerializers.serializerFor(SQSEvent.class, FunctionRegistrar.class.getClassLoader());

    private <I, O> FunctionRegistrar register(String name, Class<I> in, Class<O> out, Supplier<Function<I, O>> factory,
                                              List<String> primingFixtures) {
        Optional<String> selected = Env.find("SPRING_CLOUD_FUNCTION_DEFINITION");
        if (selected.isPresent() && !selected.get().equals(name)) return this;
        if (!primingFixtures.isEmpty() && ProvisionedPriming.applies()) {
            context.registerBean(name + "ProvisionedPriming", ProvisionedPriming.class, () -> new ProvisionedPriming(name, primingFixtures));
        }
        context.registerBean(name, FunctionRegistration.class, () -> {
            Function<I, O> function = factory.get();
            // Spring Cloud Function copies an HTTP request's headers over its own, so a client's "aws-context" header
            // replaces Lambda's Context: only a real Context is taken
            Function<Message<I>, O> withContext = message -> Observability.invocation(
                    message.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT) instanceof Context context ? context : null,
                    () -> function.apply(message.getPayload()));
            return new FunctionRegistration<>(withContext, name).type(FunctionTypeUtils.functionType(
                    ResolvableType.forClassWithGenerics(Message.class, in).getType(), out));
        });
        return this;
    }
}
