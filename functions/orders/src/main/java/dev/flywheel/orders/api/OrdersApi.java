package dev.flywheel.orders.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.flywheel.kit.http.ApiRequest;
import dev.flywheel.kit.http.ApiResponses;
import dev.flywheel.kit.http.ApiRouter;
import dev.flywheel.kit.http.Caller;
import dev.flywheel.kit.http.JsonBodies;
import dev.flywheel.kit.http.ProblemException;
import dev.flywheel.kit.json.Json;
import dev.flywheel.kit.limits.InputLimits;
import dev.flywheel.orders.domain.OrderLine;
import dev.flywheel.orders.domain.OrderStore;
import dev.flywheel.orders.domain.PlaceOrder;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * orders-api: POST /orders validates and queues an order (202 + Location, fast: no order write on this path),
 * GET /orders/{orderId} shows it to its owner or an admin, GET /orders lists the caller's orders a page at a time
 * (an admin may name another user with {@code userId}).
 */
public final class OrdersApi {
    /** The body of POST /orders (schemas/create-order.json): no prices, they come from the catalog. */
    public record CreateOrder(List<OrderLine> items, String paymentToken) {}

    /** GET /orders: a page holds 20 orders unless the client asks for 1..100 (BatchGetItem reads at most 100 keys). */
    static final int DEFAULT_PAGE = 20, MAX_PAGE = 100;
    private static final Set<String> LIST_PARAMETERS = Set.of("limit", "cursor", "userId");

    private final PlaceOrder placeOrder;
    private final OrderStore orders;
    private final Clock clock;
    private final JsonBodies createOrderBody = JsonBodies.forSchema("create-order");
    private final ApiRouter router = new ApiRouter()
            .route("POST /orders", this::place)
            .route("GET /orders/{orderId}", this::get)
            .route("GET /orders", this::list);

    public OrdersApi(PlaceOrder placeOrder, OrderStore orders, Clock clock) {
        this.placeOrder = placeOrder;
        this.orders = orders;
        this.clock = clock;
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return router.handle(event);
    }

    private APIGatewayV2HTTPResponse place(ApiRequest request) {
        Instant receivedAt = clock.instant();
        Caller caller = request.caller();
        Optional<String> key = request.header("idempotency-key");
        if (key.isPresent() && !key.get().matches("[A-Za-z0-9_-]{1,64}"))
            throw ProblemException.badRequest("Idempotency-Key must be 1-64 letters, digits, '-' or '_'");
        CreateOrder body = createOrderBody.read(request, CreateOrder.class);
        try {
            Optional<PlaceOrder.IdempotencyKey> idempotency = key.map(k -> new PlaceOrder.IdempotencyKey(k, PlaceOrder.hash(Json.write(body))));
            PlaceOrder.Accepted accepted = placeOrder.place(caller.userId(), body.items(), body.paymentToken(), idempotency,
                    ApiRouter.correlationId(), receivedAt);
            return ApiResponses.json(202, Map.of("orderId", accepted.orderId(), "status", "ACCEPTED"),
                    Map.of("Location", "/orders/" + accepted.orderId()));
        } catch (PlaceOrder.InvalidOrder e) {
            throw ProblemException.unprocessable(e.getMessage(), List.of());
        } catch (PlaceOrder.KeyReused e) {
            throw ProblemException.unprocessable(e.getMessage(), List.of());
        }
    }

    private APIGatewayV2HTTPResponse get(ApiRequest request) {
        Caller caller = request.caller();
        String orderId = request.pathParameter("orderId");
        return orders.find(orderId).filter(order -> caller.mayRead(order.userId()))
                .map(order -> ApiResponses.json(200, OrderView.of(order)))
                // stored a moment after the 202: a fresh order is briefly unknown here, and others' orders always are
                .orElseThrow(() -> ProblemException.notFound("no order " + orderId + " (a just-placed order appears within moments)"));
    }

    private APIGatewayV2HTTPResponse list(ApiRequest request) {
        Caller caller = request.caller();
        request.requireOnlyQueryParameters(LIST_PARAMETERS);
        String userId = request.queryParameter("userId").orElse(caller.userId());
        if (userId.isBlank() || userId.getBytes(StandardCharsets.UTF_8).length > InputLimits.MAX_KEY_BYTES)
            throw ProblemException.badRequest("userId must be 1.." + InputLimits.MAX_KEY_BYTES + " bytes");
        if (!caller.mayRead(userId)) throw ProblemException.forbidden("only an admin may list another user's orders");
        int limit = request.queryParameter("limit").map(OrdersApi::pageSize).orElse(DEFAULT_PAGE);
        OrderStore.Position after = request.queryParameter("cursor").map(OrderCursor::decode).orElse(null);
        return ApiResponses.json(200, OrderPage.of(orders.byUser(userId, limit, after)));
    }

    private static int pageSize(String limit) {
        if (limit.matches("[0-9]{1,3}")) {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_PAGE) return value;
        }
        throw ProblemException.badRequest("limit must be a whole number from 1 to " + MAX_PAGE + ", not '" + abbreviated(limit) + "'");
    }

    /** Echoes a client's value in an error without echoing a megabyte of it. */
    private static String abbreviated(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "…";
    }
}
