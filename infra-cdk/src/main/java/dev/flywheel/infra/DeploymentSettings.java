package dev.flywheel.infra;

import dev.flywheel.topology.Topology;
import software.amazon.awscdk.App;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a deployment chooses, from CDK context ({@code cdk deploy -c key=value}):
 * <ul>
 *   <li>{@code jwtIssuer} / {@code jwtAudience}: an external OIDC issuer for the HTTP API; without them a Cognito
 *       user pool is created and used;</li>
 *   <li>{@code paymentProviderUrl}: the payment provider's base URL (payments-worker's only external call);</li>
 *   <li>{@code deletionProtection}: {@code true} (default) keeps tables from being deleted with the stack;</li>
 *   <li>{@code provisionedPollers}: {@code queue=min:max,...} puts those event-source mappings in SQS provisioned mode,
 *       the spelling {@code ./flywheel up --provisioned-pollers} takes (default: every mapping in standard mode).</li>
 * </ul>
 *
 * @param root the repository root: the deployment jars are {@code root/functions/<capability>/target/*-lambda.jar}
 */
public record DeploymentSettings(Path root, Optional<String> jwtIssuer, Optional<String> jwtAudience,
                                 String paymentProviderUrl, boolean deletionProtection, Optional<String> provisionedPollers) {

    public DeploymentSettings(Path root, Optional<String> jwtIssuer, Optional<String> jwtAudience, String paymentProviderUrl, boolean deletionProtection) {
        this(root, jwtIssuer, jwtAudience, paymentProviderUrl, deletionProtection, Optional.empty());
    }

    /** The topology as this deployment runs it: with the mappings {@code provisionedPollers} names in provisioned mode. */
    public Topology topology(Topology base) {
        return provisionedPollers.map(base::withProvisionedPollers).orElse(base);
    }

    public static DeploymentSettings from(App app, Path root) {
        return new DeploymentSettings(root,
                context(app, "jwtIssuer"),
                context(app, "jwtAudience"),
                context(app, "paymentProviderUrl").orElse("https://payments.example.com"),
                context(app, "deletionProtection").map(Boolean::parseBoolean).orElse(true),
                context(app, "provisionedPollers"));
    }

    private static Optional<String> context(App app, String key) {
        Object value = app.getNode().tryGetContext(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }
}
