package dev.flywheel.kit.priming;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.flywheel.kit.observability.Observability;
import dev.flywheel.kit.spring.FunctionRegistrar;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP function registered with priming fixtures, counting the requests it sees by route key, and the Lambda request
 * id each ran with; each request also counts a metric, as the capabilities' functions do.
 */
@SpringBootConfiguration
public class PrimedFunctions implements ApplicationContextInitializer<GenericApplicationContext> {
    static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();
    static final List<String> REQUEST_IDS = new CopyOnWriteArrayList<>();

    @Override
    public void initialize(GenericApplicationContext context) {
        FunctionRegistrar.on(context).http("primed", () -> event -> {
            SEEN.computeIfAbsent(event.getRouteKey(), k -> new AtomicInteger()).incrementAndGet();
            REQUEST_IDS.add(String.valueOf(MDC.get("function_request_id")));
            Observability.count("PrimedRequests", 1);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
        }, List.of("orders/get-order.json", "orders/post-order-malformed.json"));
    }
}
