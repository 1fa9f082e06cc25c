package dev.flywheel.local.emulators;

import java.net.URI;

/** Where SQS and DynamoDB answer: the embedded emulators, or any endpoint such as LocalStack's. */
public record Endpoints(URI sqs, URI dynamo, String region) {
    public static Endpoints of(String sqs, String dynamo) {
        return new Endpoints(URI.create(sqs), URI.create(dynamo), "us-east-1");
    }
}
