package dev.flywheel.kit.priming;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.flywheel.kit.spring.FunctionRegistrar;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP function registered with priming fixtures, counting the requests it sees by route key. */
@SpringBootConfiguration
public class PrimedFunctions implements ApplicationContextInitializer<GenericApplicationContext> {
    static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();

    @Override
    public void initialize(GenericApplicationContext context) {
        FunctionRegistrar.on(context).http("primed", () -> event -> {
            SEEN.computeIfAbsent(event.getRouteKey(), k -> new AtomicInteger()).incrementAndGet();
            return APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
        }, List.of("orders/get-order.json", "orders/post-order-malformed.json"));
    }
}
