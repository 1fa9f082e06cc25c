package dev.flywheel.infra;

import dev.flywheel.topology.TableSpec;
import dev.flywheel.topology.Topology;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every table of the topology: on demand (nothing idle to pay for but storage), PITR, TTL, GSIs, deletion protection. */
final class DataTables {
    private DataTables() {}

    static Map<String, Table> create(Construct scope, Topology topology, DeploymentSettings settings) {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (TableSpec spec : topology.tables()) {
            Table.Builder builder = Table.Builder.create(scope, Names.id(spec.name()) + "Table")
                    .partitionKey(attribute(spec.partitionKey()))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                    .deletionProtection(settings.deletionProtection())
                    .removalPolicy(settings.deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
            if (spec.sortKey() != null) builder.sortKey(attribute(spec.sortKey()));
            if (spec.ttlAttribute() != null) builder.timeToLiveAttribute(spec.ttlAttribute());
            Table table = builder.build();
            for (TableSpec.Gsi gsi : spec.indexes()) {
                GlobalSecondaryIndexProps.Builder index = GlobalSecondaryIndexProps.builder().indexName(gsi.name())
                        .partitionKey(attribute(gsi.partitionKey())).projectionType(ProjectionType.valueOf(gsi.projection().name()));
                if (gsi.sortKey() != null) index.sortKey(attribute(gsi.sortKey()));
                table.addGlobalSecondaryIndex(index.build());
            }
            tables.put(spec.name(), table);
        }
        return tables;
    }

    private static Attribute attribute(TableSpec.Key key) {
        return Attribute.builder().name(key.name()).type(key.type() == TableSpec.KeyType.N ? AttributeType.NUMBER : AttributeType.STRING).build();
    }
}
