package dev.flywheel.inventory.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.inventory.domain.Catalog;
import dev.flywheel.inventory.domain.Product;
import dev.flywheel.inventory.domain.ProductView;
import dev.flywheel.inventory.domain.Products;
import dev.flywheel.kit.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * inventory-api's happy path through its handler with an in-memory catalog (the events/inventory fixtures as API
 * Gateway sends them): an admin defines a product with its stock over shards, and a shopper reads it back.
 */
class InventoryApiTest {
    /** The catalog port in memory: a product and its stock, as the DynamoDB adapter keeps them. */
    private static final class InMemoryCatalog implements Catalog {
        final Map<String, Product> products = new ConcurrentHashMap<>();
        final Map<String, Long> stock = new ConcurrentHashMap<>();

        @Override
        public void define(Product product, long units) {
            products.put(product.sku(), product);
            stock.put(product.sku(), units);
        }

        @Override
        public Optional<Product> product(String sku) { return Optional.ofNullable(products.get(sku)); }

        @Override
        public Optional<ProductView> view(String sku) {
            return product(sku).map(p -> new ProductView(p.sku(), p.name(), p.price(), stock.get(sku), p.shards()));
        }
    }

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final InventoryApi api = new InventoryApi(new Products(catalog));

    @Test
    void anAdminDefinesAProductAndAShopperReadsIt() throws Exception {
        APIGatewayV2HTTPResponse defined = api.handle(EventLoader.loadApiGatewayHttpEvent("inventory/put-product.json"));
        assertEquals(200, defined.getStatusCode(), defined.getBody());
        assertEquals(500L, catalog.stock.get("SKU-1"), "the stock as given");
        assertEquals(8, catalog.products.get("SKU-1").shards());

        APIGatewayV2HTTPResponse read = api.handle(EventLoader.loadApiGatewayHttpEvent("inventory/get-product.json"));
        assertEquals(200, read.getStatusCode(), read.getBody());
        JsonNode product = Json.tree(read.getBody());
        assertEquals("Flash-sale sneaker", product.get("name").asText());
        assertEquals(1999, product.get("price").get("amount").asLong());
        assertEquals(500, product.get("available").asLong());
    }
}
