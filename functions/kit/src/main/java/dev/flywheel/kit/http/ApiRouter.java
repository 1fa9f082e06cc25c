package dev.flywheel.kit.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.flywheel.kit.envelope.Ids;
import dev.flywheel.kit.observability.Observability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Dispatches an HTTP function's routes by route key ({@code "POST /orders"}), turns {@link ProblemException}s
 * into problem+json responses and anything unexpected into a logged 500, and puts the request id and the
 * correlation id in every response. The correlation id comes from {@code X-Correlation-Id} when the client
 * sends a sane one, otherwise it is made here; it then follows the order through every queue.
 */
public final class ApiRouter {
    private static final Logger log = LoggerFactory.getLogger(ApiRouter.class);

    private final Map<String, Function<ApiRequest, APIGatewayV2HTTPResponse>> routes = new LinkedHashMap<>();

    public ApiRouter route(String routeKey, Function<ApiRequest, APIGatewayV2HTTPResponse> handler) {
        routes.put(routeKey, handler);
        return this;
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        ApiRequest request = new ApiRequest(event);
        String correlationId = request.header("x-correlation-id").filter(ApiRouter::saneId).orElseGet(Ids::next);
        APIGatewayV2HTTPResponse response;
        try (var correlation = Observability.correlate(correlationId)) {
            response = dispatch(request, correlationId);
        }
        Map<String, String> headers = response.getHeaders() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(response.getHeaders());
        Observability.count("Http" + response.getStatusCode() / 100 + "xx", 1);
        headers.put("X-Request-Id", request.requestId());
        headers.put("X-Correlation-Id", correlationId);
        response.setHeaders(headers);
        return response;
    }

    private APIGatewayV2HTTPResponse dispatch(ApiRequest request, String correlationId) {
        var handler = routes.get(request.routeKey());
        try {
            if (handler == null) throw ProblemException.notFound("no route " + request.routeKey());
            CURRENT_CORRELATION.set(correlationId);
            return handler.apply(request);
        } catch (ProblemException e) {
            log.info("{} → {}", request.routeKey(), e.getMessage());
            return ApiResponses.problem(e.problem());
        } catch (RuntimeException e) {
            log.error("{} failed", request.routeKey(), e);
            return ApiResponses.problem(new Problem("about:blank", "Internal error", 500,
                    "the request failed; quote request id " + request.requestId(), null));
        } finally {
            CURRENT_CORRELATION.remove();
        }
    }

    private static final ThreadLocal<String> CURRENT_CORRELATION = new ThreadLocal<>();

    /** The correlation id of the request being handled on this thread. */
    public static String correlationId() {
        String id = CURRENT_CORRELATION.get();
        if (id == null) throw new IllegalStateException("not inside a request");
        return id;
    }

    static boolean saneId(String value) {
        return value.length() <= 64 && value.matches("[A-Za-z0-9._:-]+");
    }
}
