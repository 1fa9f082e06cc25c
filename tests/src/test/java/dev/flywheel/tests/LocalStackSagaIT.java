package dev.flywheel.tests;

import dev.flywheel.local.LocalPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The same scenarios against LocalStack's SQS and DynamoDB, in a container. Skipped where there is no Docker
 * (as on this project's CI machine); LocalStack also wants LOCALSTACK_AUTH_TOKEN since 2026, passed through.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSagaIT extends SagaScenarios {
    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
            .withServices(LocalStackContainer.Service.SQS, LocalStackContainer.Service.DYNAMODB)
            .withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", ""));

    private static LocalPlatform platform;

    @BeforeAll
    static void start() {
        String endpoint = LOCALSTACK.getEndpoint().toString();
        platform = LocalPlatform.start(TestPlatforms.options().withFreePorts().withEndpoint(endpoint, endpoint).withNamePrefix("it-"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Override
    LocalPlatform platform() { return platform; }
}
