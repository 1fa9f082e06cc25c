package dev.flywheel.inventory.domain;

import java.util.Optional;

/** Port: the product catalog and each product's stock level. */
public interface Catalog {
    /** Creates or replaces a product and sets its stock, spread over {@code shards} items. */
    void define(Product product, long stock);

    Optional<Product> product(String sku);

    /** The product with its available stock, if it exists. */
    Optional<ProductView> view(String sku);
}
