package dev.flywheel.dynamodb.model;

import java.util.List;
import java.util.Map;

/**
 * An error as DynamoDB answers it: the exception name that becomes {@code __type}, the HTTP status and the
 * message. SDK v2 and the AWS CLI map the name back to their own exception classes.
 */
public class DynamoException extends RuntimeException {
    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";

    private final String name;
    private final int status;

    public DynamoException(String name, int status, String message) {
        super(message, null, false, false);
        this.name = name;
        this.status = status;
    }

    public String name() { return name; }
    public int status() { return status; }

    /** The {@code __type} field: DynamoDB names validation errors in its validation framework's namespace. */
    public String wireType() {
        return name.equals("ValidationException") ? "com.amazon.coral.validate#ValidationException" : PREFIX + name;
    }

    public static final class Validation extends DynamoException {
        public Validation(String message) { super("ValidationException", 400, message); }
    }

    public static final class ResourceNotFound extends DynamoException {
        public ResourceNotFound(String message) { super("ResourceNotFoundException", 400, message); }
    }

    public static final class ResourceInUse extends DynamoException {
        public ResourceInUse(String message) { super("ResourceInUseException", 400, message); }
    }

    /** A failed ConditionExpression; {@code item} is returned when ReturnValuesOnConditionCheckFailure is ALL_OLD. */
    public static final class ConditionalCheckFailed extends DynamoException {
        private final Map<String, Value> item;

        public ConditionalCheckFailed(Map<String, Value> item) {
            super("ConditionalCheckFailedException", 400, "The conditional request failed");
            this.item = item;
        }

        public Map<String, Value> item() { return item; }
    }

    /** One reason per action of a transaction, in order; {@code code} "None" for the actions that were fine. */
    public record CancellationReason(String code, String message, Map<String, Value> item) {}

    public static final class TransactionCanceled extends DynamoException {
        private final List<CancellationReason> reasons;

        public TransactionCanceled(List<CancellationReason> reasons) {
            super("TransactionCanceledException", 400, "Transaction cancelled, please refer cancellation reasons for specific reasons ["
                    + String.join(", ", reasons.stream().map(CancellationReason::code).toList()) + "]");
            this.reasons = List.copyOf(reasons);
        }

        public List<CancellationReason> reasons() { return reasons; }
    }

    public static DynamoException idempotentParameterMismatch() {
        return new DynamoException("IdempotentParameterMismatchException", 400,
                "The request uses the same client token as a previous, but non-identical request.");
    }

    public static DynamoException unknownOperation(String target) {
        return new DynamoException("UnknownOperationException", 400, "An unknown operation was requested: " + target);
    }

    public static DynamoException serialization(String message) {
        return new DynamoException("SerializationException", 400, message);
    }

    public static DynamoException internal(String message) {
        return new DynamoException("InternalServerError", 500, message);
    }
}
