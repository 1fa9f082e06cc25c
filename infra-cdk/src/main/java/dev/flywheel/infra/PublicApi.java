package dev.flywheel.infra;

import dev.flywheel.topology.RouteSpec;
import dev.flywheel.topology.Topology;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API (API Gateway v2, payload format 2.0): every route of the topology to its function's {@code live}
 * alias, a JWT authorizer on all of them (a Cognito user pool, or the issuer given as {@code jwtIssuer}), the
 * topology's throttle per route (stage route settings), and JSON access logs. Admin-only routes are checked by
 * the function from the verified claims ({@code admin: true}, or membership of the Cognito group {@code admin}).
 */
final class PublicApi extends Construct {
    final HttpApi api;
    final HttpStage stage;
    UserPool userPool;

    PublicApi(Construct scope, Topology topology, Map<String, LambdaFunction> functions, DeploymentSettings settings) {
        super(scope, "Api");
        api = HttpApi.Builder.create(this, "HttpApi").apiName("flywheel").createDefaultStage(false)
                .defaultAuthorizer(authorizer(settings)).build();

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs").retention(RetentionDays.ONE_MONTH).build();
        stage = api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default").autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(100).burstLimit(200).build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override public IAccessLogDestination getDestination() { return new LogGroupLogDestination(accessLogs); }
                    @Override public AccessLogFormat getFormat() { return AccessLogFormat.jsonWithStandardFields(); }
                })
                .build());

        Map<String, HttpLambdaIntegration> integrations = new LinkedHashMap<>();
        Map<String, Object> routeSettings = new LinkedHashMap<>();
        for (RouteSpec route : topology.routes()) {
            LambdaFunction target = functions.get(route.function());
            HttpLambdaIntegration integration = integrations.computeIfAbsent(route.function(),
                    f -> new HttpLambdaIntegration(Names.id(f) + "Integration", target.live));
            List<HttpRoute> added = api.addRoutes(AddRoutesOptions.builder().path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method()))).integration(integration).build());
            added.forEach(r -> stage.getNode().addDependency(r));
            routeSettings.put(route.routeKey(), Map.of(
                    "ThrottlingRateLimit", route.throttle().ratePerSecond(),
                    "ThrottlingBurstLimit", route.throttle().burst()));
        }
        ((CfnStage) stage.getNode().getDefaultChild()).addPropertyOverride("RouteSettings", routeSettings);
        CfnOutput.Builder.create(this, "Url").value(stage.getUrl()).description("the HTTP API's base URL").build();
    }

    private IHttpRouteAuthorizer authorizer(DeploymentSettings settings) {
        if (settings.jwtIssuer().isPresent()) {
            return HttpJwtAuthorizer.Builder.create("Jwt", settings.jwtIssuer().get())
                    .jwtAudience(List.of(settings.jwtAudience().orElse("flywheel"))).build();
        }
        userPool = UserPool.Builder.create(this, "Users")
                .selfSignUpEnabled(false)
                .signInAliases(software.amazon.awscdk.services.cognito.SignInAliases.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireDigits(true).requireLowercase(true)
                        .requireUppercase(true).requireSymbols(true).build())
                .mfa(Mfa.OPTIONAL).mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .build();
        UserPoolClient client = userPool.addClient("ApiClient");
        CfnOutput.Builder.create(this, "UserPoolId").value(userPool.getUserPoolId()).build();
        CfnOutput.Builder.create(this, "UserPoolClientId").value(client.getUserPoolClientId()).build();
        return HttpUserPoolAuthorizer.Builder.create("Cognito", userPool).userPoolClients(List.of(client)).build();
    }
}
