package dev.flywheel.tests;

import dev.flywheel.local.LocalPlatform;

/**
 * The saga on the configured backend: the embedded emulators (ElasticMQ + Flywheel's DynamoDB engine in this JVM) unless
 * {@code -Dflywheel.endpoint} names another one (see {@link TestPlatforms}).
 */
class SagaIT extends SagaScenarios {
    @Override
    LocalPlatform platform() { return TestPlatforms.shared(); }
}
