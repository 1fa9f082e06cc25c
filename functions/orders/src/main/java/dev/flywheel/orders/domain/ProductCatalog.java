package dev.flywheel.orders.domain;

import java.util.Collection;
import java.util.Set;

/** Port: a read-only view of inventory's catalog, to refuse unknown SKUs before an order is accepted. */
public interface ProductCatalog {
    /** @return the SKUs that are not in the catalog */
    Set<String> unknown(Collection<String> skus);
}
