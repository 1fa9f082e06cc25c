package dev.flywheel.infra;

import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.FunctionSpec;
import dev.flywheel.topology.PollerScaling;
import dev.flywheel.topology.QueueSpec;
import dev.flywheel.topology.RouteSpec;
import dev.flywheel.topology.TableSpec;
import dev.flywheel.topology.Topology;
import dev.flywheel.topology.TriggerSpec;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every function, queue, trigger, table and route of the topology is in the template, with the settings it needs. */
class FlywheelStackTest {
    private static final Template T = Synth.Default.TEMPLATE;
    private static final Topology TOPOLOGY = FlywheelTopology.standard();

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(String type) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) T.findResources(type);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @Test
    void everyFunctionIsJava21Arm64SnapStartBehindFunctionInvokerWithItsOwnSettings() {
        T.resourceCountIs("AWS::Lambda::Function", TOPOLOGY.functions().size());
        T.resourceCountIs("AWS::Lambda::Alias", TOPOLOGY.functions().size());
        for (FunctionSpec f : TOPOLOGY.functions()) {
            T.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "Runtime", "java21",
                    "Architectures", List.of("arm64"),
                    "Handler", "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest",
                    "MemorySize", f.memoryMb(),
                    "Timeout", f.timeoutSeconds(),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "SPRING_CLOUD_FUNCTION_DEFINITION", f.definition(),
                            "POWERTOOLS_SERVICE_NAME", f.name(),
                            "POWERTOOLS_METRICS_NAMESPACE", "Flywheel",
                            "AWS_EMF_ENVIRONMENT", "Lambda"))))));
        }
        T.allResourcesProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
    }

    @Test
    void snapStartIsOnEveryFunctionWithoutProvisionedConcurrencyAndOnNoneWithIt() {
        for (FunctionSpec f : TOPOLOGY.functions()) {
            Map<String, Object> fn = resources("AWS::Lambda::Function").values().stream()
                    .filter(r -> String.valueOf(props(r).get("Description")).startsWith(f.name() + " ")).findFirst().orElseThrow();
            if (f.provisionedConcurrency() > 0) {
                assertFalse(props(fn).containsKey("SnapStart"), f.name() + ": Lambda refuses SnapStart beside provisioned concurrency");
            } else {
                assertEquals(Map.of("ApplyOn", "PublishedVersions"), props(fn).get("SnapStart"), f.name());
            }
        }
    }

    @Test
    void provisionedConcurrencyIsOnTheLiveAliasOfExactlyTheFunctionsThatAskForIt() {
        List<FunctionSpec> warm = TOPOLOGY.functions().stream().filter(f -> f.provisionedConcurrency() > 0).toList();
        assertFalse(warm.isEmpty(), "the topology keeps the accept path warm");
        for (FunctionSpec f : warm) {
            T.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live", "FunctionName", Match.objectLike(Map.of("Ref", Match.stringLikeRegexp(".*" + Names.id(f
                    .name()) + "Function.*"))),
                    "ProvisionedConcurrencyConfig", Map.of("ProvisionedConcurrentExecutions", f.provisionedConcurrency())));
        }
        long configured = resources("AWS::Lambda::Alias").values().stream().filter(a -> props(a).containsKey("ProvisionedConcurrencyConfig")).count();
        assertEquals(warm.size(), configured, "no other alias pays for warm environments");
    }

    @Test
    void everyQueueIsEncryptedAndTlsOnlyAndWorkQueuesRedriveAfterFiveReceives() {
        T.allResourcesProperties("AWS::SQS::Queue", Map.of("MaximumMessageSize", 1024 * 1024)); // SQS's 1 MiB, as the publisher allows
        T.resourceCountIs("AWS::SQS::Queue", TOPOLOGY.queues().size());
        T.allResourcesProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
        T.resourceCountIs("AWS::SQS::QueuePolicy", TOPOLOGY.queues().size());
        T.allResourcesProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))); 
        for (QueueSpec q : TOPOLOGY.queues()) {
            if (q.isDeadLetterQueue()) continue;
            T.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "VisibilityTimeout", q.visibilityTimeoutSeconds(),
                    "RedrivePolicy", Map.of("maxReceiveCount", 5, "deadLetterTargetArn", Match.anyValue())));
        }
    }

    @Test
    void everyTriggerReportsBatchItemFailuresWithItsBatchSizeAndMaximumConcurrencyOnTheLiveAlias() {
        T.resourceCountIs("AWS::Lambda::EventSourceMapping", TOPOLOGY.triggers().size());
        for (TriggerSpec t : TOPOLOGY.triggers()) {
            T.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                    "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                    "BatchSize", t.batchSize(),
                    "ScalingConfig", Map.of("MaximumConcurrency", ((PollerScaling.Standard) t.scaling()).maximumConcurrency())));
        }
        resources("AWS::Lambda::EventSourceMapping").values().forEach(m ->
                assertTrue(String.valueOf(props(m).get("FunctionName")).contains(":live"), "triggers invoke the SnapStart alias: " + props(m)));
    }

    @Test
    void everyTableIsOnDemandWithPointInTimeRecoveryKeysTtlAndIndexes() {
        T.resourceCountIs("AWS::DynamoDB::Table", TOPOLOGY.tables().size());
        T.allResourcesProperties("AWS::DynamoDB::Table", Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "DeletionProtectionEnabled", true));
        for (TableSpec t : TOPOLOGY.tables()) {
            T.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                    "KeySchema", List.of(Map.of("AttributeName", t.partitionKey().name(), "KeyType", "HASH")))));
        }
        T.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TimeToLiveSpecification", Map.of("AttributeName", "expiration", "Enabled", true)));
        T.hasResourceProperties("AWS::DynamoDB::Table", Map.of("GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", "byUser")))));
    }

    @Test
    void everyRouteHasTheJwtAuthorizerAndItsOwnThrottleAndAccessLogsAreJson() {
        T.resourceCountIs("AWS::ApiGatewayV2::Route", TOPOLOGY.routes().size());
        for (RouteSpec r : TOPOLOGY.routes()) {
            T.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", r.routeKey(), "AuthorizationType", "JWT"));
        }
        Map<String, Object> stage = props(resources("AWS::ApiGatewayV2::Stage").values().iterator().next());
        @SuppressWarnings("unchecked") Map<String, Map<String, Object>> routeSettings = (Map<String, Map<String, Object>>) stage.get("RouteSettings");
        for (RouteSpec r : TOPOLOGY.routes()) {
            assertEquals(r.throttle().burst(), ((Number) routeSettings.get(r.routeKey()).get("ThrottlingBurstLimit")).intValue(), r.routeKey());
        }
        assertTrue(String.valueOf(stage.get("AccessLogSettings")).contains("requestId"), "JSON access logs: " + stage.get("AccessLogSettings"));
        T.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of("PayloadFormatVersion", "2.0"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsOf(String policyLogicalIdPrefix) {
        return resources("AWS::IAM::Policy").entrySet().stream().filter(e -> e.getKey().startsWith(policyLogicalIdPrefix))
                .flatMap(e -> ((List<Map<String, Object>>) ((Map<String, Object>) props(e.getValue()).get("PolicyDocument")).get("Statement")).stream())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> list ? (List<String>) list : List.of(String.valueOf(action));
    }

    @Test
    void rolesHaveNoWildcardActionsAndNoManagedPolicies() {
        resources("AWS::IAM::Role").values().forEach(role -> assertFalse(props(role).containsKey("ManagedPolicyArns"), "managed policy on " + props(role)));
        List<Map<String, Object>> statements = statementsOf("");
        assertTrue(statements.size() > 10, "policies found: " + statements.size());
        statements.forEach(st -> actions(st).forEach(a -> assertFalse(a.contains("*"), "wildcard action " + a + " in " + st)));
    }

    @Test
    void eachFunctionMayTouchOnlyItsOwnTablesAndQueues() {
        // orders-api: writes orders (an order placed with an Idempotency-Key), reads products, sends to orders-intake and,
        // for an order it stored, to inventory-commands; nothing of stock or payments, and nothing but reads on products
        List<Map<String, Object>> ordersApi = statementsOf("OrdersApiRole");
        String all = ordersApi.toString();
        assertTrue(all.contains("OrdersTable") && all.contains("OrdersIntakeQueue") && all.contains("InventoryCommandsQueue") && all.contains("ProductsTable"), all);
        assertFalse(all.contains("StockTable") || all.contains("ReservationsTable") || all.contains("PaymentsIdempotencyTable")
                || all.contains("PaymentsCommandsQueue"), all);
        for (Map<String, Object> st : ordersApi) {
            if (!String.valueOf(st.get("Resource")).contains("ProductsTable")) continue;
            actions(st).forEach(a -> assertFalse(a.matches("dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)"),
                    "orders-api may only read products, found " + a));
        }
        // payments-worker never sees an orders or inventory table
        String payments = statementsOf("PaymentsWorkerRole").toString();
        assertFalse(payments.matches("(?s).*(OrdersTable|StockTable|ProductsTable|ReservationsTable).*"), payments);
    }

    /**
     * Connected traces on AWS: every function runs with X-Ray active tracing, may send its segments (and nothing else
     * on a wildcard resource: X-Ray's two write actions take no resource), and its own log group keeps the JSON
     * lines whose correlation id and trace id join the order's timeline. The HTTP API itself cannot be traced (X-Ray
     * traces only REST APIs): the stage has no tracing switch, so the traces begin at the functions.
     */
    @Test
    void everyFunctionIsActivelyTracedAndMaySendItsSegmentsOnly() {
        T.allResourcesProperties("AWS::Lambda::Function", Map.of("TracingConfig", Map.of("Mode", "Active")));
        for (FunctionSpec f : TOPOLOGY.functions()) {
            List<Map<String, Object>> statements = statementsOf(Names.id(f.name()) + "Role");
            List<Map<String, Object>> anyResource = statements.stream().filter(st -> "*".equals(st.get("Resource"))).toList();
            assertEquals(1, anyResource.size(), f.name() + ": one statement on Resource *, " + anyResource);
            assertEquals(java.util.Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), java.util.Set.copyOf(actions(anyResource.get(0))), f.name());
        }
        assertFalse(String.valueOf(props(resources("AWS::ApiGatewayV2::Stage").values().iterator().next())).toLowerCase().contains("tracing"),
                "an HTTP API stage has no tracing setting to turn on");
    }

    @Test
    void operationsHaveAlarmsDashboardsAndLogRetention() {
        long dlqs = TOPOLOGY.queues().stream().filter(QueueSpec::isDeadLetterQueue).count();
        long workQueues = TOPOLOGY.queues().size() - dlqs;
        T.resourceCountIs("AWS::CloudWatch::Alarm", (int) (dlqs + workQueues + 2L * TOPOLOGY.functions().size()));
        T.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateAgeOfOldestMessage", "Threshold", Operations.OLDEST_MESSAGE_ALARM_SECONDS));
        T.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Throttles"));
        T.resourceCountIs("AWS::CloudWatch::Dashboard", 4);
        T.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }
}
