package dev.flywheel.infra;

import dev.flywheel.topology.FlywheelTopology;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A deployment with its own OIDC issuer and without deletion protection (a test stage). */
class DeploymentSettingsTest {
    @Test
    void anExternalIssuerReplacesCognitoAndTablesCanBeThrowaway() {
        App app = Synth.app("issuer", Map.of());
        FlywheelStack stack = new FlywheelStack(app, "FlywheelTest", StackProps.builder().build(), FlywheelTopology.standard(),
                new DeploymentSettings(Synth.ROOT, Optional.of("https://auth.example.com/"), Optional.of("shop-api"), "https://psp.example.com", false));
        Template t = Template.fromStack(stack);

        t.resourceCountIs("AWS::Cognito::UserPool", 0);
        t.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("AuthorizerType", "JWT",
                "JwtConfiguration", Map.of("Issuer", "https://auth.example.com/", "Audience", List.of("shop-api"))));
        t.allResourcesProperties("AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", false));
        t.allResources("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                software.amazon.awscdk.assertions.Match.objectLike(Map.of("PAYMENT_PROVIDER_URL", "https://psp.example.com"))))); 
    }
}
