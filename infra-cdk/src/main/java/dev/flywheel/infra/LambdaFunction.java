package dev.flywheel.infra;

import dev.flywheel.topology.Binding;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.FunctionSpec;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One function of the topology: its deployment jar on Java 21 / arm64 behind FunctionInvoker, published behind
 * the alias {@code live} (what triggers and routes invoke), X-Ray active tracing, its own log group with a
 * retention, and a role of its own that may touch only the tables and queues its bindings name (and send its
 * trace segments). Its versions start from a SnapStart snapshot, unless the topology gives the function
 * provisioned concurrency: Lambda refuses the two together, and then the alias carries the provisioned
 * environments instead, initialized (and primed) before any request.
 */
final class LambdaFunction extends Construct {

    final FunctionSpec spec;
    final Function function;
    final Alias live;
    final Role role;

    LambdaFunction(Construct scope, FunctionSpec spec, DeploymentSettings settings, Map<String, Table> tables, Map<String, Queue> queues) {
        super(scope, Names.id(spec.name()));
        this.spec = spec;
        Path jar = settings.root().resolve(spec.jar());
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("deployment jar of " + spec.name() + " not found: " + jar + " (run ./mvnw -DskipTests install first)");

        LogGroup logs = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build();
        role = Role.Builder.create(this, "Role").assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(spec.name() + ": its log group, its tables and queues, nothing else").build();
        logs.grantWrite(role);

        Map<String, String> environment = new LinkedHashMap<>();
        spec.environment().forEach((name, binding) -> environment.put(name, resolve(binding, settings, tables, queues)));
        environment.put("AWS_EMF_ENVIRONMENT", "Lambda");
        // C1 only: measurably faster cold starts for short-lived Lambda JVMs (docs/design.md §7)
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        boolean provisioned = spec.provisionedConcurrency() > 0;
        var builder = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(spec.handler())
                .code(Code.fromAsset(jar.toString()))
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                // X-Ray active tracing: Lambda samples invocations and hands each its trace header; the SDK sends it on
                // every call, so SQS stamps it on our messages (AWSTraceHeader) and X-Ray links each consumer's trace to
                // its producer's. Each hop of an order names its trace id, so the order's timeline and X-Ray meet.
                .tracing(Tracing.ACTIVE)
                .logGroup(logs)
                .role(role)
                .environment(environment)
                .description(spec.name() + " (" + spec.definition() + ")");
        // SnapStart does not support provisioned concurrency (Lambda refuses the version's configuration; TopologyLint
        // flags it): a function that keeps warm environments pays their init ahead of traffic instead, and the
        // environments Lambda adds beyond them start without a snapshot
        if (!provisioned) builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        function = builder.build();
        if (!provisioned) Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish", "published through currentVersion and the alias 'live'");
        var alias = Alias.Builder.create(this, "Live").aliasName("live").version(function.getCurrentVersion());
        if (provisioned) alias.provisionedConcurrentExecutions(spec.provisionedConcurrency());
        live = alias.build();

        grant(spec, tables, queues);
    }

    private void grant(FunctionSpec spec, Map<String, Table> tables, Map<String, Queue> queues) {
        spec.environment().values().forEach(binding -> {
            if (binding instanceof Binding.Table t) {
                if (t.access() == Binding.Access.READ) tables.get(t.table()).grantReadData(role);
                else tables.get(t.table()).grantReadWriteData(role);
            } else if (binding instanceof Binding.QueueUrl q) {
                queues.get(q.queue()).grantSendMessages(role);
            }
        });
    }

    private static String resolve(Binding binding, DeploymentSettings settings, Map<String, Table> tables, Map<String, Queue> queues) {
        if (binding instanceof Binding.Table t) return tables.get(t.table()).getTableName();
        if (binding instanceof Binding.QueueUrl q) return queues.get(q.queue()).getQueueUrl();
        if (binding instanceof Binding.Literal l) return l.value();
        if (binding instanceof Binding.Setting s && s.key().equals(FlywheelTopology.PAYMENT_PROVIDER_URL)) return settings.paymentProviderUrl();
        throw new IllegalArgumentException("cannot deploy binding " + binding);
    }
}
