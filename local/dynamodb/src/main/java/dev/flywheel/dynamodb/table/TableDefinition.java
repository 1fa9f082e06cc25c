package dev.flywheel.dynamodb.table;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What CreateTable declared, as DescribeTable answers it. */
public record TableDefinition(String name, KeySchema key, Map<String, String> attributeTypes, List<IndexDefinition> indexes,
                              String billingMode, long readCapacity, long writeCapacity, Instant created) {
    public TableDefinition {
        attributeTypes = Map.copyOf(attributeTypes);
        indexes = List.copyOf(indexes);
    }

    public Optional<IndexDefinition> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    public String arn() { return "arn:aws:dynamodb:us-east-1:000000000000:table/" + name; }
}
