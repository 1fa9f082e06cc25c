package dev.flywheel.orders.adapters;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.flywheel.orders.domain.ProductCatalog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.flywheel.kit.dynamo.Items.s;

/**
 * Reads inventory's {@code products} table (read-only: inventory owns it) to refuse unknown SKUs. SKUs found are
 * cached: during a flash sale every order names the same few, and products are not deleted. SKUs not found are
 * not cached, so a product defined a moment ago can be ordered at once.
 */
public final class CachedProductCatalog implements ProductCatalog {
    private final DynamoDbClient dynamo;
    private final String productsTable;
    private final Cache<String, Boolean> known;

    public CachedProductCatalog(DynamoDbClient dynamo, String productsTable, Duration ttl) {
        this.dynamo = dynamo;
        this.productsTable = productsTable;
        this.known = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).build();
    }

    @Override
    public Set<String> unknown(Collection<String> skus) {
        Set<String> unknown = new TreeSet<>();
        for (String sku : skus) {
            if (known.getIfPresent(sku) != null) continue;
            var item = dynamo.getItem(b -> b.tableName(productsTable).key(Map.of("sku", s(sku))).projectionExpression("sku")).item();
            if (item == null || item.isEmpty()) unknown.add(sku);
            else known.put(sku, Boolean.TRUE);
        }
        return unknown;
    }
}
