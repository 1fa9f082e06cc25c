package dev.flywheel.inventory.adapters;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.flywheel.inventory.domain.Catalog;
import dev.flywheel.inventory.domain.Product;
import dev.flywheel.inventory.domain.ProductView;

import java.time.Duration;
import java.util.Optional;

/**
 * Hot reads from memory: during a flash sale every order and every page view asks for the same few SKUs.
 * Products are cached for {@code productTtl} (a price change reaches warm instances within it); stock views
 * for {@code viewTtl}, short, since stock moves. Definitions go straight through and evict this instance's entries.
 */
public final class CachedCatalog implements Catalog {
    private final Catalog delegate;
    private final Cache<String, Optional<Product>> products;
    private final Cache<String, Optional<ProductView>> views;

    public CachedCatalog(Catalog delegate, Duration productTtl, Duration viewTtl) {
        this.delegate = delegate;
        this.products = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(productTtl).build();
        this.views = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(viewTtl).build();
    }

    @Override
    public void define(Product product, long stock) {
        delegate.define(product, stock);
        products.invalidate(product.sku());
        views.invalidate(product.sku());
    }

    @Override
    public Optional<Product> product(String sku) {
        return products.get(sku, delegate::product);
    }

    @Override
    public Optional<ProductView> view(String sku) {
        return views.get(sku, delegate::view);
    }
}
