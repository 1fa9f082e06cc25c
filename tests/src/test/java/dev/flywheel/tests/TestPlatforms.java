package dev.flywheel.tests;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.PlatformOptions;

import java.nio.file.Path;

/**
 * One embedded platform per test JVM, shared by the scenario classes (starting the emulators and cold-starting
 * six functions is the expensive part). Free ports, so tests run beside a platform that is up. Payments retry and
 * its breaker are tuned down so that an outage scenario takes seconds, not minutes.
 */
final class TestPlatforms {
    private static LocalPlatform embedded;

    private TestPlatforms() {}

    static synchronized LocalPlatform embedded() {
        if (embedded == null) {
            embedded = LocalPlatform.start(options().withFreePorts());
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
        }
        return embedded;
    }

    static PlatformOptions options() {
        Path root = Path.of(System.getProperty("flywheel.root", "..")).toAbsolutePath().normalize();
        return PlatformOptions.defaults(root)
                .withEnvironment("payments-worker", "PAYMENT_RETRY_BASE_SECONDS", "1")
                .withEnvironment("payments-worker", "PAYMENT_BREAKER_OPEN_MS", "2000")
                .withEnvironment("payments-worker", "PAYMENT_BREAKER_MIN_CALLS", "4")
                .withEnvironment("payments-worker", "PAYMENT_PROVIDER_TIMEOUT_MS", "1500");
    }
}
