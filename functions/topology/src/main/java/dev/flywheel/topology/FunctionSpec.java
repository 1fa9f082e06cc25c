package dev.flywheel.topology;

import java.util.Map;
import java.util.Objects;

/**
 * One Lambda function: where its code is and how it runs.
 *
 * @param name        the function's logical name, also its Powertools service name
 * @param capability  the capability (module) that owns it
 * @param jar         the deployment jar, relative to the repository root
 * @param definition  the Spring Cloud Function bean to run ({@code SPRING_CLOUD_FUNCTION_DEFINITION})
 * @param handler     the Lambda handler ({@code class::method}): Spring Cloud Function's invoker for every capability
 * @param memoryMb    memory size, as on Lambda
 * @param timeoutSeconds invocation timeout, as on Lambda
 * @param environment named bindings that the platform turns into environment variables
 * @param provisionedConcurrency execution environments kept initialized before any request arrives (Lambda's
 *                    provisioned concurrency on the alias; locally started at {@code up} and never reclaimed); 0 for none
 */
public record FunctionSpec(String name, String capability, String jar, String definition, String handler,
                           int memoryMb, int timeoutSeconds, Map<String, Binding> environment, int provisionedConcurrency) {
    /** The entry point Lambda calls: Spring Cloud Function's, which runs the bean named by the definition. */
    public static final String FUNCTION_INVOKER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

    public FunctionSpec(String name, String capability, String jar, String definition, int memoryMb, int timeoutSeconds,
                        Map<String, Binding> environment) {
        this(name, capability, jar, definition, FUNCTION_INVOKER, memoryMb, timeoutSeconds, environment, 0);
    }

    public FunctionSpec(String name, String capability, String jar, String definition, String handler, int memoryMb, int timeoutSeconds,
                        Map<String, Binding> environment) {
        this(name, capability, jar, definition, handler, memoryMb, timeoutSeconds, environment, 0);
    }

    public FunctionSpec {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(definition, "definition");
        environment = Map.copyOf(environment);
        if (memoryMb < 128 || memoryMb > 10_240) throw new IllegalArgumentException(name + ": memory must be 128..10240 MB");
        if (timeoutSeconds < 1 || timeoutSeconds > 900) throw new IllegalArgumentException(name + ": timeout must be 1..900 s");
        if (provisionedConcurrency < 0) throw new IllegalArgumentException(name + ": provisioned concurrency must be >= 0");
    }

    /** The same function with another timeout (local runs and tests shorten it to provoke timeouts). */
    public FunctionSpec withTimeoutSeconds(int seconds) {
        return new FunctionSpec(name, capability, jar, definition, handler, memoryMb, seconds, environment, provisionedConcurrency);
    }

    /** The same function with {@code environments} kept warm (provisioned concurrency). */
    public FunctionSpec withProvisionedConcurrency(int environments) {
        return new FunctionSpec(name, capability, jar, definition, handler, memoryMb, timeoutSeconds, environment, environments);
    }
}
