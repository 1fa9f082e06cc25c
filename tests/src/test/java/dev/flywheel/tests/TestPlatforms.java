package dev.flywheel.tests;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.PlatformOptions;

import java.nio.file.Path;
import java.util.UUID;

/**
 * One platform per test JVM, shared by the scenario classes (starting the emulators and cold-starting six
 * functions is the expensive part). The backend is chosen by configuration: the embedded emulators by default,
 * or any SQS/DynamoDB endpoint with {@code -Dflywheel.endpoint=http://localhost:4566} (a LocalStack you started;
 * queue and table names then get a per-run prefix). Free ports, so tests run beside a platform that is up.
 * Payments' retry and breaker are tuned down so that an outage scenario takes seconds, not minutes.
 */
final class TestPlatforms {
    private static LocalPlatform shared;

    private TestPlatforms() {}

    static synchronized LocalPlatform shared() {
        if (shared == null) {
            PlatformOptions options = options().withFreePorts();
            String endpoint = System.getProperty("flywheel.endpoint", "");
            if (!endpoint.isBlank()) options = options.withEndpoint(endpoint, endpoint).withNamePrefix("t" + UUID.randomUUID().toString().substring(0, 6) + "-");
            shared = LocalPlatform.start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
            // the first test would otherwise wait on orders-api's environments still initializing, and be throttled
            try {
                if (!shared.awaitProvisioned(java.time.Duration.ofMinutes(3)))
                    throw new IllegalStateException("the provisioned environments did not finish their init within 3 minutes");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return shared;
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
