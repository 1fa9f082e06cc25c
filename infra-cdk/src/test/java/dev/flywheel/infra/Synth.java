package dev.flywheel.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.topology.FlywheelTopology;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One build of the real stack per JVM, its template and annotations each read once (Template.fromStack
 * re-synthesizes on every call), shared by the test classes: the real stack from the real topology and deployment jars, with the topology lint and cdk-nag applied, and the
 * context of cdk.json ({@code new App()} ignores it). Error annotations are collected instead of thrown, so
 * that the tests can list them.
 */
final class Synth {
    private Synth() {}

    static final Path ROOT = Path.of(System.getProperty("flywheel.root", "..")).toAbsolutePath().normalize();

    static App app(String outdir, Map<String, Object> extraContext) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.put("@aws-cdk/core:annotationsInValidationReport", false);
        context.putAll(extraContext);
        return new App(AppProps.builder().outdir("target/cdk.out/" + outdir).context(context).build());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        try {
            ObjectMapper json = new ObjectMapper();
            return json.convertValue(json.readTree(new File("cdk.json")).path("context"), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default deployment: a Cognito user pool, deletion protection on. */
    static final class Default {
        static final FlywheelStack STACK;
        static final Template TEMPLATE;
        static final Annotations ANNOTATIONS;

        static {
            long start = System.nanoTime();
            App app = app("default", Map.of());
            STACK = new FlywheelStack(app, "Flywheel", StackProps.builder().build(), FlywheelTopology.standard(),
                    new DeploymentSettings(ROOT, Optional.empty(), Optional.empty(), "https://payments.example.com", true));
            Aspects.of(app).add(new TopologyLint());
            Aspects.of(app).add(new AwsSolutionsChecks());
            TEMPLATE = Template.fromStack(STACK);
            ANNOTATIONS = Annotations.fromStack(STACK);
            System.out.printf("[synth] stack + lint + cdk-nag: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        }
    }
}
