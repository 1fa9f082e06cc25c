package dev.flywheel.tests;

import dev.flywheel.local.LocalPlatform;

/** The saga on the embedded emulators (ElasticMQ + DynamoDB Local in this JVM): the default backend. */
class EmbeddedSagaTest extends SagaScenarios {
    @Override
    LocalPlatform platform() { return TestPlatforms.embedded(); }
}
