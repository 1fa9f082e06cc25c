package dev.flywheel.local.emulators;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;

/** The platform's own SDK clients (emulators accept any credentials). */
public final class LocalAws {
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    private LocalAws() {}

    public static SqsClient sqs(Endpoints endpoints) {
        return SqsClient.builder().endpointOverride(endpoints.sqs()).region(Region.of(endpoints.region()))
                .credentialsProvider(CREDENTIALS)
                .httpClient(ApacheHttpClient.builder().maxConnections(200).socketTimeout(Duration.ofSeconds(30)).build())
                .build();
    }

    public static DynamoDbClient dynamo(Endpoints endpoints) {
        return DynamoDbClient.builder().endpointOverride(endpoints.dynamo()).region(Region.of(endpoints.region()))
                .credentialsProvider(CREDENTIALS)
                .httpClient(ApacheHttpClient.builder().maxConnections(100).build())
                .build();
    }
}
