package dev.flywheel.infra;

import dev.flywheel.topology.FlywheelTopology;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

import java.nio.file.Path;

/**
 * The CDK app: {@code cd infra-cdk && npx aws-cdk@2.1148.1 synth}. Environment-agnostic (no account or region
 * lookups), so synthesis needs no AWS credentials. The topology lint and cdk-nag's AwsSolutions pack run on
 * every synthesis; an unsuppressed finding fails it.
 */
public final class InfraApp {
    private InfraApp() {}

    public static void main(String[] args) {
        App app = new App();
        Path root = Path.of(System.getProperty("flywheel.root", "..")).toAbsolutePath().normalize();
        DeploymentSettings settings = DeploymentSettings.from(app, root);
        new FlywheelStack(app, "Flywheel", StackProps.builder().description("Flywheel: serverless order platform").build(),
                settings.topology(FlywheelTopology.standard()), settings);
        Aspects.of(app).add(new TopologyLint());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
    }
}
