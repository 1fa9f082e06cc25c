package dev.flywheel.kit.sqs;

import java.time.Duration;

/** Makes a failed message visible again sooner than the queue's visibility timeout. */
public interface VisibilityControl {
    /** Best effort: if it fails, the message simply comes back after the visibility timeout. */
    void retryAfter(String eventSourceArn, String receiptHandle, Duration delay);

    VisibilityControl NONE = (arn, handle, delay) -> {};
}
