package dev.flywheel.local;

import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.Topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to run the local platform. Defaults: embedded emulators on their usual ports (SQS 9324, DynamoDB 8000),
 * the payment provider on 8090, functions from {@code root}'s deployment jars, up to 4 pollers per trigger.
 *
 * @param endpoint           use these SQS/DynamoDB endpoints (e.g. LocalStack's) instead of the embedded emulators
 * @param namePrefix         prefix of physical queue and table names (keeps runs apart on a shared endpoint)
 * @param pollersPerTrigger  machine-wide cap on concurrent batches per trigger (the trigger's own maximum also applies)
 * @param environment        extra environment variables per function name ("*" for all functions)
 */
public record PlatformOptions(Path root, Topology topology, Optional<String[]> endpoint, int sqsPort, int dynamoPort,
                              int providerPort, String namePrefix, int pollersPerTrigger, Duration longPoll,
                              Map<String, Map<String, String>> environment) {

    public static PlatformOptions defaults(Path root) {
        return new PlatformOptions(root, FlywheelTopology.standard(), Optional.empty(), 9324, 8000, 8090, "", 4,
                Duration.ofSeconds(1), Map.of());
    }

    /** Free ports for everything: for tests, which may run beside a platform that is up. */
    public PlatformOptions withFreePorts() {
        return new PlatformOptions(root, topology, endpoint, 0, 0, 0, namePrefix, pollersPerTrigger, longPoll, environment);
    }

    public PlatformOptions withEndpoint(String sqs, String dynamo) {
        return new PlatformOptions(root, topology, Optional.of(new String[] {sqs, dynamo}), sqsPort, dynamoPort, providerPort,
                namePrefix, pollersPerTrigger, longPoll, environment);
    }

    public PlatformOptions withNamePrefix(String prefix) {
        return new PlatformOptions(root, topology, endpoint, sqsPort, dynamoPort, providerPort, prefix, pollersPerTrigger, longPoll, environment);
    }

    public PlatformOptions withEnvironment(String function, String name, String value) {
        Map<String, Map<String, String>> copy = new HashMap<>();
        environment.forEach((f, vars) -> copy.put(f, new HashMap<>(vars)));
        copy.computeIfAbsent(function, f -> new HashMap<>()).put(name, value);
        return new PlatformOptions(root, topology, endpoint, sqsPort, dynamoPort, providerPort, namePrefix, pollersPerTrigger, longPoll, copy);
    }
}
