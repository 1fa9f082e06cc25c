package dev.flywheel.local.provision;

import dev.flywheel.topology.QueueSpec;
import dev.flywheel.topology.TableSpec;
import dev.flywheel.topology.Topology;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates every queue (DLQs first, then work queues with their redrive policy) and every table (keys, GSIs, TTL)
 * of the topology. Idempotent: running it against resources that exist changes nothing. A name prefix keeps
 * several runs apart on one shared endpoint (LocalStack).
 */
public final class Provisioner {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Provisioner.class);
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final String prefix;

    public Provisioner(SqsClient sqs, DynamoDbClient dynamo, String prefix) {
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.prefix = prefix;
    }

    public Resources provision(Topology topology) {
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> arns = new LinkedHashMap<>();
        List<QueueSpec> ordered = new ArrayList<>(topology.queues().stream().filter(QueueSpec::isDeadLetterQueue).toList());
        ordered.addAll(topology.queues().stream().filter(q -> !q.isDeadLetterQueue()).toList());
        for (QueueSpec q : ordered) {
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(q.visibilityTimeoutSeconds()));
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(q.retentionSeconds()));
            if (q.fifo()) attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            if (!q.isDeadLetterQueue()) {
                attributes.put(QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + arns.get(q.dlq()) + "\",\"maxReceiveCount\":\"" + q.maxReceiveCount() + "\"}");
            }
            String url = sqs.createQueue(b -> b.queueName(prefix + q.name()).attributes(attributes)).queueUrl();
            urls.put(q.name(), url);
            arns.put(q.name(), sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN));
        }
        Map<String, String> tables = new LinkedHashMap<>();
        for (TableSpec t : topology.tables()) {
            String name = prefix + t.name();
            createTable(name, t);
            tables.put(t.name(), name);
        }
        return new Resources(urls, arns, tables);
    }

    private void createTable(String name, TableSpec t) {
        Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
        define(attributes, t.partitionKey());
        if (t.sortKey() != null) define(attributes, t.sortKey());
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableSpec.Gsi gsi : t.indexes()) {
            define(attributes, gsi.partitionKey());
            if (gsi.sortKey() != null) define(attributes, gsi.sortKey());
            indexes.add(GlobalSecondaryIndex.builder().indexName(gsi.name()).keySchema(keySchema(gsi.partitionKey(), gsi.sortKey()))
                    .projection(Projection.builder().projectionType(ProjectionType.valueOf(gsi.projection().name())).build()).build());
        }
        try {
            dynamo.createTable(b -> {
                b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attributes.values()).keySchema(keySchema(t.partitionKey(), t.sortKey()));
                if (!indexes.isEmpty()) b.globalSecondaryIndexes(indexes);
            });
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        } catch (ResourceInUseException alreadyThere) {
            warnIfIndexesDiffer(name, t);
            return;
        }
        if (t.ttlAttribute() != null) {
            dynamo.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(s -> s.enabled(true).attributeName(t.ttlAttribute())));
        }
    }

    /** A table kept from an earlier run keeps its indexes as they were made: say so when the topology changed them. */
    private void warnIfIndexesDiffer(String name, TableSpec t) {
        var existing = dynamo.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes();
        for (TableSpec.Gsi gsi : t.indexes()) {
            String kept = existing.stream().filter(i -> i.indexName().equals(gsi.name()))
                    .map(i -> i.projection().projectionTypeAsString()).findFirst().orElse("no such index");
            if (!kept.equals(gsi.projection().name())) {
                log.warn("table {} keeps index {} as it was made ({}), the topology now says {}: ./flywheel reset rebuilds it (and wipes the data)",
                        name, gsi.name(), kept, gsi.projection());
            }
        }
    }

    private static void define(Map<String, AttributeDefinition> attributes, TableSpec.Key key) {
        attributes.put(key.name(), AttributeDefinition.builder().attributeName(key.name())
                .attributeType(key.type() == TableSpec.KeyType.N ? ScalarAttributeType.N : ScalarAttributeType.S).build());
    }

    private static List<KeySchemaElement> keySchema(TableSpec.Key partition, TableSpec.Key sort) {
        List<KeySchemaElement> schema = new ArrayList<>();
        schema.add(KeySchemaElement.builder().attributeName(partition.name()).keyType(KeyType.HASH).build());
        if (sort != null) schema.add(KeySchemaElement.builder().attributeName(sort.name()).keyType(KeyType.RANGE).build());
        return schema;
    }
}
