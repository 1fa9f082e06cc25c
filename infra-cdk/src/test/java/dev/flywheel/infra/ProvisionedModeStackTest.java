package dev.flywheel.infra;

import dev.flywheel.topology.FlywheelTopology;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A deployment that puts orders-intake in SQS provisioned mode through the CDK context, as {@code cdk synth -c
 * provisionedPollers=orders-intake=2:20} does: its mapping carries ProvisionedPollerConfig and no
 * MaximumConcurrency, the other three stay in standard mode, and the lint and cdk-nag pass.
 */
class ProvisionedModeStackTest {

    @Test
    void aProvisionedTriggerSynthesizesWithItsPollersAndNoMaximumConcurrency() {
        App app = Synth.app("provisioned", Map.of("provisionedPollers", "orders-intake=2:20"));
        DeploymentSettings settings = DeploymentSettings.from(app, Synth.ROOT);
        FlywheelStack stack = new FlywheelStack(app, "Flywheel", StackProps.builder().build(), settings.topology(FlywheelTopology.standard()), settings);
        Aspects.of(app).add(new TopologyLint());
        Aspects.of(app).add(new AwsSolutionsChecks());
        Template template = Template.fromStack(stack);

        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "ProvisionedPollerConfig", Map.of("MinimumPollers", 2, "MaximumPollers", 20),
                "ScalingConfig", Match.absent(),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        assertEquals(1, template.findResources("AWS::Lambda::EventSourceMapping",
                Map.of("Properties", Map.of("ProvisionedPollerConfig", Match.anyValue()))).size(), "orders-intake alone");
        assertEquals(3, template.findResources("AWS::Lambda::EventSourceMapping",
                Map.of("Properties", Map.of("ScalingConfig", Match.objectLike(Map.of("MaximumConcurrency", Match.anyValue()))))).size(), "the rest standard");
        List<?> errors = Annotations.fromStack(stack).findError("*", Match.anyValue());
        assertFalse(errors.stream().anyMatch(e -> e.toString().contains("TopologyLint")), errors.toString());
        assertEquals(List.of(), errors, "no lint or cdk-nag error");
    }
}
