package dev.flywheel.kit.sqs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** ChangeMessageVisibility on the queue a record came from (its URL looked up once from the event source ARN). */
public final class SqsVisibilityControl implements VisibilityControl {
    private static final Logger log = LoggerFactory.getLogger(SqsVisibilityControl.class);
    private static final int MAX_VISIBILITY_SECONDS = 43_200;

    private final SqsClient sqs;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    public SqsVisibilityControl(SqsClient sqs) { this.sqs = sqs; }

    @Override
    public void retryAfter(String eventSourceArn, String receiptHandle, Duration delay) {
        int seconds = (int) Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, delay.toSeconds()));
        try {
            String queueUrl = queueUrls.computeIfAbsent(eventSourceArn,
                    arn -> sqs.getQueueUrl(b -> b.queueName(queueName(arn))).queueUrl());
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
        } catch (SdkException | IllegalArgumentException e) {
            log.warn("could not change the visibility of a message from {}: {}", eventSourceArn, e.toString());
        }
    }

    /** arn:aws:sqs:region:account:name → name */
    static String queueName(String arn) {
        if (arn == null) throw new IllegalArgumentException("record has no eventSourceARN");
        String[] parts = arn.split(":");
        if (parts.length != 6 || !"sqs".equals(parts[2])) throw new IllegalArgumentException("not an SQS queue ARN: " + arn);
        return parts[5];
    }
}
