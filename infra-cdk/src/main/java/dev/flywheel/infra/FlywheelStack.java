package dev.flywheel.infra;

import dev.flywheel.topology.FunctionSpec;
import dev.flywheel.topology.PollerScaling;
import dev.flywheel.topology.Topology;
import dev.flywheel.topology.TriggerSpec;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.ProvisionedPollerConfig;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the topology describes, on AWS: tables, queues, one function per topology function (its own role,
 * log group and SnapStart alias), an SQS event source per trigger (partial batch responses, batch size, window,
 * and either a maximum concurrency or provisioned pollers), the HTTP API, and operations (alarms, dashboards). The stack reads the topology; it
 * adds nothing the topology does not say, so the laptop and the cloud cannot drift.
 */
public class FlywheelStack extends Stack {
    private final Map<String, Table> tables;
    private final Map<String, Queue> queues;
    private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
    private final PublicApi api;

    public FlywheelStack(Construct scope, String id, StackProps props, Topology topology, DeploymentSettings settings) {
        super(scope, id, props);
        topology.validate();
        tables = DataTables.create(this, topology, settings);
        queues = MessageQueues.create(this, topology);
        for (FunctionSpec spec : topology.functions()) functions.put(spec.name(), new LambdaFunction(this, spec, settings, tables, queues));
        for (TriggerSpec t : topology.triggers()) {
            SqsEventSource.Builder source = SqsEventSource.Builder.create(queues.get(t.queue()))
                    .batchSize(t.batchSize())
                    .reportBatchItemFailures(true);
            // one mode or the other: AWS refuses a mapping with both (the lint checks stacks written by hand too)
            if (t.scaling() instanceof PollerScaling.Standard standard) source.maxConcurrency(standard.maximumConcurrency());
            if (t.scaling() instanceof PollerScaling.Provisioned provisioned) source.provisionedPollerConfig(ProvisionedPollerConfig.builder()
                    .minimumPollers(provisioned.minimumPollers()).maximumPollers(provisioned.maximumPollers()).build());
            if (t.batchingWindowSeconds() > 0) source.maxBatchingWindow(Duration.seconds(t.batchingWindowSeconds()));
            functions.get(t.function()).live.addEventSource(source.build());
        }
        api = new PublicApi(this, topology, functions, settings);
        new Operations(this, topology, functions, queues);
        acceptFindings();
    }

    /** cdk-nag findings accepted on purpose, each with its reason (the README lists them too). */
    private void acceptFindings() {
        for (LambdaFunction f : functions.values()) {
            NagSuppressions.addResourceSuppressions(f.role, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                    .reason("The only resource wildcard is <own table>/index/*: the GSIs of a table this function owns or reads. "
                            + "Every action is listed; no other resource is wildcarded.")
                    .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::<[A-Za-z0-9]+Table[A-Z0-9]*\\.Arn>\\/index\\/\\*$/g").build()))
                    .build(), NagPackSuppression.builder().id("AwsSolutions-IAM5")
                    .reason("X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level "
                            + "permissions, so AWS requires Resource * for them (FlywheelStackTest checks no other action has it).")
                    .appliesTo(List.of("Resource::*"))
                    .build()), true);
            NagSuppressions.addResourceSuppressions(f.function, List.of(NagPackSuppression.builder().id("AwsSolutions-L1")
                    .reason("Java 21 is the runtime SnapStart and the pinned toolchain are verified on (docs/design.md); Java 25 is a deliberate later step.")
                    .build()), true);
        }
        if (api.userPool != null) {
            NagSuppressions.addResourceSuppressions(api.userPool, List.of(
                    NagPackSuppression.builder().id("AwsSolutions-COG2")
                            .reason("MFA is offered (TOTP) but left to each shop: requiring it for shoppers is a product decision.").build(),
                    NagPackSuppression.builder().id("AwsSolutions-COG3")
                            .reason("Threat protection needs the Cognito Plus feature plan (billed per user); an opt-in for production shops.").build()), true);
        }
    }

    public Map<String, Table> tables() { return tables; }
    public Map<String, Queue> queues() { return queues; }
    public Map<String, LambdaFunction> functions() { return functions; }
}
