package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.QueueSpec;
import dev.flywheel.topology.TableSpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What provisioning made from the topology: every queue with its DLQ and timeouts, every table with keys, GSIs and TTL. */
class ProvisioningIT {
    private final LocalPlatform platform = TestPlatforms.shared();

    @Test
    void everyQueueHasItsVisibilityTimeoutAndRedrivePolicy() throws Exception {
        for (QueueSpec q : FlywheelTopology.standard().queues()) {
            Map<QueueAttributeName, String> attributes = platform.sqs().getQueueAttributes(b -> b.queueUrl(platform.resources().queueUrl(q.name()))
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertEquals(Integer.toString(q.visibilityTimeoutSeconds()), attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT), q.name());
            if (q.isDeadLetterQueue()) continue;
            JsonNode redrive = new ObjectMapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
            assertEquals(platform.resources().queueArns().get(q.dlq()), redrive.get("deadLetterTargetArn").asText(), q.name());
            assertEquals(5, redrive.get("maxReceiveCount").asInt(), q.name());
        }
    }

    @Test
    void everyTableHasItsKeysIndexesAndTtl() {
        for (TableSpec t : FlywheelTopology.standard().tables()) {
            String name = platform.resources().table(t.name());
            var table = platform.dynamo().describeTable(b -> b.tableName(name)).table();
            assertEquals(t.partitionKey().name(), table.keySchema().get(0).attributeName(), t.name());
            assertEquals(t.indexes().size(), table.globalSecondaryIndexes().size(), t.name());
            var ttl = platform.dynamo().describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
            assertEquals(t.ttlAttribute() == null ? null : t.ttlAttribute(), ttl.attributeName(), t.name());
        }
    }
}
