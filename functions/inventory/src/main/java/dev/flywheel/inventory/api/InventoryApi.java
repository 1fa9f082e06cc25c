package dev.flywheel.inventory.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.flywheel.inventory.domain.Products;
import dev.flywheel.kit.money.Money;
import dev.flywheel.kit.http.ApiRequest;
import dev.flywheel.kit.http.ApiResponses;
import dev.flywheel.kit.http.ApiRouter;
import dev.flywheel.kit.http.JsonBodies;
import dev.flywheel.kit.http.ProblemException;

/** inventory-api: PUT /products/{sku} (admin) defines a product and its stock; GET /products/{sku} shows it. */
public final class InventoryApi {
    /** The body of PUT /products/{sku} (schemas/put-product.json). */
    public record PutProduct(String name, Money price, long stock, Integer shards) {}

    private final Products products;
    private final JsonBodies putProductBody = JsonBodies.forSchema("put-product");
    private final ApiRouter router = new ApiRouter()
            .route("PUT /products/{sku}", this::put)
            .route("GET /products/{sku}", this::get);

    public InventoryApi(Products products) { this.products = products; }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return router.handle(event);
    }

    private APIGatewayV2HTTPResponse put(ApiRequest request) {
        request.caller().requireAdmin();
        String sku = sku(request);
        PutProduct body = putProductBody.read(request, PutProduct.class);
        int shards = body.shards() == null ? 1 : body.shards();
        return ApiResponses.json(200, products.define(sku, body.name(), body.price(), body.stock(), shards));
    }

    private APIGatewayV2HTTPResponse get(ApiRequest request) {
        request.caller();
        String sku = sku(request);
        return products.view(sku).map(view -> ApiResponses.json(200, view))
                .orElseThrow(() -> ProblemException.notFound("no product " + sku));
    }

    /** Same rule as the order schema's sku pattern, so a product that exists can always be ordered. */
    static String sku(ApiRequest request) {
        String sku = request.pathParameter("sku");
        if (!sku.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) throw ProblemException.badRequest("a SKU is 1-64 letters, digits, '-' or '_'");
        return sku;
    }
}
