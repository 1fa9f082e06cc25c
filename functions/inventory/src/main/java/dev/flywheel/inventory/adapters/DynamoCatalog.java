package dev.flywheel.inventory.adapters;

import dev.flywheel.inventory.domain.Catalog;
import dev.flywheel.kit.money.Money;
import dev.flywheel.inventory.domain.Product;
import dev.flywheel.inventory.domain.ProductView;
import dev.flywheel.kit.dynamo.WriteSharding;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.flywheel.kit.dynamo.Items.n;
import static dev.flywheel.kit.dynamo.Items.number;
import static dev.flywheel.kit.dynamo.Items.s;
import static dev.flywheel.kit.dynamo.Items.string;

/**
 * Products in {@code products} (key: sku); their stock in {@code stock}, one item per shard
 * ({@code shardKey = sku#n}). Defining a product writes the product and every shard in one transaction, and
 * deletes the shards a smaller shard count no longer uses, so stock is never counted twice.
 */
public final class DynamoCatalog implements Catalog {
    private final DynamoDbClient dynamo;
    private final String productsTable;
    private final String stockTable;
    private final Clock clock;

    public DynamoCatalog(DynamoDbClient dynamo, String productsTable, String stockTable, Clock clock) {
        this.dynamo = dynamo;
        this.productsTable = productsTable;
        this.stockTable = stockTable;
        this.clock = clock;
    }

    @Override
    public void define(Product product, long stock) {
        int previousShards = readProduct(product.sku(), true).map(Product::shards).orElse(0);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(productsTable, Map.of("sku", s(product.sku()), "name", s(product.name()),
                "priceAmount", n(product.price().amount()), "currency", s(product.price().currency()),
                "shards", n(product.shards()), "updatedAt", s(clock.instant().toString()))));
        long[] spread = WriteSharding.spread(stock, product.shards());
        for (int i = 0; i < spread.length; i++) {
            writes.add(put(stockTable, Map.of("shardKey", s(WriteSharding.shardKey(product.sku(), i)), "sku", s(product.sku()),
                    "shard", n(i), "available", n(spread[i]))));
        }
        for (int i = product.shards(); i < previousShards; i++) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(stockTable)
                    .key(Map.of("shardKey", s(WriteSharding.shardKey(product.sku(), i)))).build()).build());
        }
        dynamo.transactWriteItems(b -> b.transactItems(writes));
    }

    @Override
    public Optional<Product> product(String sku) {
        return readProduct(sku, false);
    }

    @Override
    public Optional<ProductView> view(String sku) {
        return readProduct(sku, false).map(p -> {
            long available = StockShards.read(dynamo, stockTable, StockShards.keys(sku, p.shards()), false)
                    .values().stream().mapToLong(Long::longValue).sum();
            return new ProductView(p.sku(), p.name(), p.price(), available, p.shards());
        });
    }

    private Optional<Product> readProduct(String sku, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(productsTable).key(Map.of("sku", s(sku))).consistentRead(consistent)).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(new Product(sku, string(item, "name"), new Money(number(item, "priceAmount"), string(item, "currency")),
                (int) number(item, "shards")));
    }

    private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }
}
