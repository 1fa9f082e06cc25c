package dev.flywheel.local.runtime;

/**
 * How one invocation ended, in Lambda's terms. {@code payload} is the function's answer (for an error, Lambda's
 * error document).
 */
public record InvocationResult(Status status, byte[] payload, String errorType, String message) {

    public enum Status {
        /** The function answered. */
        SUCCESS,
        /** The function threw: Lambda reports a function error; the environment stays usable. */
        ERROR,
        /** The deadline passed: the environment is stopped ("Task timed out after N seconds"). */
        TIMEOUT,
        /** The runtime process died, or init failed ("Runtime exited with error"). */
        CRASH,
        /** No environment came free within the function's concurrency limit (Lambda's TooManyRequestsException). */
        THROTTLED
    }

    static InvocationResult success(byte[] payload) { return new InvocationResult(Status.SUCCESS, payload, null, null); }

    public boolean succeeded() { return status == Status.SUCCESS; }

    /** Lambda's REPORT "Status:" field: absent on success. */
    String reportStatus() {
        return switch (status) {
            case SUCCESS -> "";
            case ERROR -> "\tStatus: error\tError Type: " + errorType;
            case TIMEOUT -> "\tStatus: timeout";
            case CRASH -> "\tStatus: error\tError Type: Runtime.ExitError";
            case THROTTLED -> "\tStatus: throttled";
        };
    }
}
