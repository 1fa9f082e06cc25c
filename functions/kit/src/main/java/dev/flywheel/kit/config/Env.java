package dev.flywheel.kit.config;

import java.util.Map;
import java.util.Optional;

/**
 * Configuration from the environment: table names, queue URLs and endpoints arrive as environment
 * variables, which is Flywheel's service discovery (the topology's bindings become these variables).
 *
 * <p>On Lambda, and in the local platform (an execution environment is a process of its own), the values are the
 * process environment. A handler test runs a function inside the test's JVM (the kit's {@code LambdaHarness}) and
 * {@link #install installs} that function's environment here, since a JVM has only one process environment.
 */
public final class Env {
    private static volatile Map<String, String> installed;

    private Env() {}

    /** Replaces the process environment for this class loader (local platform and tests only). */
    public static void install(Map<String, String> environment) {
        installed = Map.copyOf(environment);
    }

    public static Optional<String> find(String name) {
        Map<String, String> source = installed;
        String value = source != null ? source.get(name) : System.getenv(name);
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    public static String get(String name, String fallback) {
        return find(name).orElse(fallback);
    }

    /** @throws IllegalStateException naming the missing variable, so a misconfigured function fails at init */
    public static String required(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }

    public static int integer(String name, int fallback) {
        return find(name).map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("environment variable " + name + " is not an integer: " + v);
            }
        }).orElse(fallback);
    }
}
