package dev.flywheel.bench.floor;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.bench.plain.OrderLookup;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.messaging.converter.MessageConverter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;

/**
 * The Spring Cloud Function floor of {@code bench-cold-start}: the plain lookup's work ({@link OrderLookup}) registered
 * as the capabilities register theirs (functional registration, the event's raw bytes in, Lambda's response type out,
 * the AWS types converter for the response, the SDK client built during init; see the kit's FunctionRegistrar) and
 * entered through {@code FunctionInvoker}, with nothing of the kit: no Powertools, no log4j2, no schema validation.
 * What it adds to the plain handler's cold start is what the framework alone costs.
 */
@SpringBootConfiguration
public class SpringFloorLookup implements ApplicationContextInitializer<GenericApplicationContext> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void initialize(GenericApplicationContext context) {
        context.registerBean("awsTypesMessageConverter", MessageConverter.class,
                () -> new AWSCompanionAutoConfiguration().awsTypesMessageConverter(context));
        context.registerBean("orderLookup", FunctionRegistration.class, () -> {
            OrderLookup lookup = OrderLookup.fromEnvironment();
            Function<byte[], APIGatewayV2HTTPResponse> function = event -> {
                OrderLookup.Answer answer;
                try {
                    answer = lookup.answer(JSON.readTree(event));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return APIGatewayV2HTTPResponse.builder().withStatusCode(answer.status())
                        .withHeaders(Map.of("Content-Type", "application/json")).withBody(answer.body()).build();
            };
            return new FunctionRegistration<>(function, "orderLookup").type(FunctionTypeUtils.functionType(byte[].class, APIGatewayV2HTTPResponse.class));
        });
    }
}
