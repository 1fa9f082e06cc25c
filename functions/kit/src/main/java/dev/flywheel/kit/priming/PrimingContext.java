package dev.flywheel.kit.priming;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.flywheel.kit.config.Env;

/**
 * The Lambda context a priming call runs with. A real invocation always has one, and with it the function runs
 * Powertools' logging set-up for the call; without one, priming left that path (a ServiceLoader lookup, the context's
 * log fields) to the first real request. Values come from the environment Lambda gives the function.
 */
final class PrimingContext implements Context {
    private static final LambdaLogger DISCARD = new LambdaLogger() {
        @Override public void log(String message) {}
        @Override public void log(byte[] message) {}
    };

    private final String functionName = Env.get("AWS_LAMBDA_FUNCTION_NAME", "priming");
    private final String requestId;

    PrimingContext(int call) {
        this.requestId = "priming-" + call;
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return Env.get("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName); }
    @Override public String getLogStreamName() { return Env.get("AWS_LAMBDA_LOG_STREAM_NAME", "priming"); }
    @Override public String getFunctionName() { return functionName; }
    @Override public String getFunctionVersion() { return Env.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"); }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:priming:function:" + functionName; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 30_000; }
    @Override public int getMemoryLimitInMB() { return Integer.parseInt(Env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")); }
    @Override public LambdaLogger getLogger() { return DISCARD; }
}
