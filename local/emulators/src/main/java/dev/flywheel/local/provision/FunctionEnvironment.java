package dev.flywheel.local.provision;

import dev.flywheel.local.emulators.Endpoints;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.topology.Binding;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.FunctionSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables a function's instances get locally: the Lambda basics, its topology bindings resolved
 * to what this platform provisioned (the same bindings CDK resolves to ARNs and URLs in the cloud), and overrides.
 */
public final class FunctionEnvironment {
    private FunctionEnvironment() {}

    public static Map<String, String> of(FunctionSpec f, Endpoints endpoints, Resources resources, String providerUrl,
                                  Map<String, Map<String, String>> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", endpoints.region());
        env.put("AWS_DEFAULT_REGION", endpoints.region());
        env.put("AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL_SQS", endpoints.sqs().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamo().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", f.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
        env.put("AWS_EMF_ENVIRONMENT", "Local");
        env.put("AWS_EMF_SERVICE_NAME", f.name()); // else the EMF library logs "Unknown name" on every flush
        env.put("AWS_EMF_SERVICE_TYPE", "AWS::Lambda::Function");
        f.environment().forEach((name, binding) -> env.put(name, resolve(binding, resources, providerUrl)));
        env.putAll(overrides.getOrDefault("*", Map.of()));
        env.putAll(overrides.getOrDefault(f.name(), Map.of()));
        return env;
    }

    private static String resolve(Binding binding, Resources resources, String providerUrl) {
        if (binding instanceof Binding.Table t) return resources.table(t.table());
        if (binding instanceof Binding.QueueUrl q) return resources.queueUrl(q.queue());
        if (binding instanceof Binding.Literal l) return l.value();
        if (binding instanceof Binding.Setting s && s.key().equals(FlywheelTopology.PAYMENT_PROVIDER_URL)) return providerUrl;
        throw new IllegalArgumentException("the local platform cannot resolve " + binding);
    }
}
