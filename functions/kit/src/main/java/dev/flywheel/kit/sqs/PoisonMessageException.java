package dev.flywheel.kit.sqs;

/** A message that no retry can process: it is failed at once and reaches the DLQ after maxReceiveCount receives. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String reason) { super(reason); }
    public PoisonMessageException(String reason, Throwable cause) { super(reason, cause); }
}
