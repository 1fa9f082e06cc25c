package dev.flywheel.inventory.domain;

import dev.flywheel.kit.money.Money;
import java.util.Optional;

/** The catalog side of inventory: define a product and its stock, show it. No AWS types here. */
public final class Products {
    private final Catalog catalog;

    public Products(Catalog catalog) { this.catalog = catalog; }

    public ProductView define(String sku, String name, Money price, long stock, int shards) {
        Product product = new Product(sku, name.trim(), price, shards);
        catalog.define(product, stock);
        return new ProductView(sku, product.name(), price, stock, shards);
    }

    public Optional<ProductView> view(String sku) {
        return catalog.view(sku);
    }
}
