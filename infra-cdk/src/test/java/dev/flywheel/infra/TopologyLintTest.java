package dev.flywheel.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.lambda.CfnAlias;
import software.amazon.awscdk.services.lambda.CfnEventSourceMapping;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.CfnVersion;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lint aspect on a small hand-written stack that breaks each rule once (and on one that breaks none). */
class TopologyLintTest {
    private static List<String> findings;

    @BeforeAll
    static void synth() {
        App app = Synth.app("lint", Map.of());
        Stack stack = new Stack(app, "Broken");
        Function fn = Function.Builder.create(stack, "Fn").runtime(Runtime.PYTHON_3_12).handler("index.handler")
                .code(Code.fromInline("def handler(e, c): return None")).timeout(Duration.seconds(30)).reservedConcurrentExecutions(5).build();
        Queue dlq = Queue.Builder.create(stack, "Dlq").build();
        Queue shortVisibility = Queue.Builder.create(stack, "ShortVisibility").visibilityTimeout(Duration.seconds(60))
                .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(5).build()).build();
        Queue noDlq = Queue.Builder.create(stack, "NoDlq").visibilityTimeout(Duration.seconds(180)).build();
        fn.addEventSource(SqsEventSource.Builder.create(shortVisibility).reportBatchItemFailures(true).maxConcurrency(10).build());
        fn.addEventSource(SqsEventSource.Builder.create(noDlq).maxConcurrency(2).build());
        // provisioned mode as AWS refuses it, written with the L1 construct (the L2 may refuse some of it itself)
        Queue provisioned = Queue.Builder.create(stack, "Provisioned").visibilityTimeout(Duration.seconds(180))
                .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(5).build()).build();
        CfnEventSourceMapping.Builder.create(stack, "BothModes").functionName(fn.getFunctionName()).eventSourceArn(provisioned.getQueueArn())
                .functionResponseTypes(List.of("ReportBatchItemFailures"))
                .scalingConfig(CfnEventSourceMapping.ScalingConfigProperty.builder().maximumConcurrency(3).build())
                .provisionedPollerConfig(CfnEventSourceMapping.ProvisionedPollerConfigProperty.builder().minimumPollers(1).maximumPollers(3000).build())
                .build();
        CfnEventSourceMapping.Builder.create(stack, "Inverted").functionName(fn.getFunctionName()).eventSourceArn(provisioned.getQueueArn())
                .functionResponseTypes(List.of("ReportBatchItemFailures"))
                .provisionedPollerConfig(CfnEventSourceMapping.ProvisionedPollerConfigProperty.builder().minimumPollers(20).maximumPollers(10).build())
                .build();
        // warm environments on a SnapStart function, and on one without (fine), written with L1 constructs
        warmAlias(stack, "Snap", CfnFunction.SnapStartProperty.builder().applyOn("PublishedVersions").build());
        warmAlias(stack, "NoSnap", null);
        Aspects.of(app).add(new TopologyLint());
        findings = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("\\[TopologyLint\\].*")).stream()
                .map(TopologyLintTest::text).sorted().toList();
    }

    private static void warmAlias(Stack stack, String name, CfnFunction.SnapStartProperty snapStart) {
        CfnFunction.Builder function = CfnFunction.Builder.create(stack, name).runtime("java21").handler("example.Handler")
                .role("arn:aws:iam::000000000000:role/example").code(CfnFunction.CodeProperty.builder().s3Bucket("example").s3Key("example.jar").build());
        if (snapStart != null) function.snapStart(snapStart);
        CfnFunction fn = function.build();
        CfnVersion version = CfnVersion.Builder.create(stack, name + "Version").functionName(fn.getRef()).build();
        CfnAlias.Builder.create(stack, name + "Warm").name("live").functionName(fn.getRef()).functionVersion(version.getAttrVersion())
                .provisionedConcurrencyConfig(CfnAlias.ProvisionedConcurrencyConfigurationProperty.builder().provisionedConcurrentExecutions(2).build())
                .build();
    }

    private static String text(SynthesisMessage m) {
        return m.getId().replaceAll("^/Broken/", "") + " " + m.getEntry().getData();
    }

    @Test
    void flagsATriggerWithoutPartialBatchResponses() {
        assertTrue(findings.stream().anyMatch(f -> f.contains("without ReportBatchItemFailures")), findings.toString());
    }

    @Test
    void flagsAVisibilityTimeoutUnderSixTimesTheFunctionTimeout() {
        assertTrue(findings.stream().anyMatch(f -> f.contains("visibility timeout 60 s is under 6 × the function timeout of 30 s")), findings.toString());
    }

    @Test
    void flagsAQueueWithoutADeadLetterQueue() {
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("NoDlq") && f.contains("no dead-letter queue")), findings.toString());
        assertTrue(findings.stream().noneMatch(f -> f.startsWith("Dlq")), "a queue used as a DLQ is not flagged: " + findings);
    }

    @Test
    void flagsAMaximumConcurrencyAboveTheReservedConcurrency() {
        assertTrue(findings.stream().anyMatch(f -> f.contains("maximum concurrency 10 exceeds the function's reserved concurrency 5")), findings.toString());
        assertEquals(9, findings.size(), findings.toString());
    }

    @Test
    void flagsProvisionedModeAsAwsRefusesIt() {
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("BothModes") && f.contains("provisioned pollers and a maximum concurrency exclude each other")),
                findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("BothModes") && f.contains("minimum pollers 1 is outside SQS's 2..200")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("BothModes") && f.contains("maximum pollers 3000 is outside SQS's 2..2000")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("Inverted") && f.contains("minimum pollers 20 exceed the maximum 10")), findings.toString());
    }

    @Test
    void flagsProvisionedConcurrencyOnASnapStartFunction() {
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("SnapWarm") && f.contains("provisioned concurrency on a function with SnapStart")),
                findings.toString());
        assertTrue(findings.stream().noneMatch(f -> f.startsWith("NoSnapWarm")), "warm environments without SnapStart are fine: " + findings);
    }

    @Test
    void failsSynthesisWhenErrorsAreReported() {
        App strict = Synth.app("lint-strict", Map.of("@aws-cdk/core:annotationsInValidationReport", true));
        Stack stack = new Stack(strict, "Strict");
        Queue.Builder.create(stack, "Orphan").build();
        Aspects.of(strict).add(new TopologyLint());
        assertThrows(RuntimeException.class, strict::synth);
    }
}
