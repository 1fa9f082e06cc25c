package dev.flywheel.local.runtime;

import dev.flywheel.topology.FunctionSpec;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The Lambda {@code Context} of one invocation, implemented by proxy so that the platform needs no copy of
 * aws-lambda-java-core: the interface is the one inside the function's own jar.
 */
final class LambdaContext implements InvocationHandler {
    private final FunctionSpec function;
    private final String requestId;
    private final long deadlineMillis;

    LambdaContext(FunctionSpec function, String requestId, long deadlineMillis) {
        this.function = function;
        this.requestId = requestId;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "getAwsRequestId" -> requestId;
            case "getFunctionName" -> function.name();
            case "getFunctionVersion" -> "$LATEST";
            case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:000000000000:function:" + function.name();
            case "getLogGroupName" -> "/aws/lambda/" + function.name();
            case "getLogStreamName" -> "local/" + Thread.currentThread().getName();
            case "getMemoryLimitInMB" -> function.memoryMb();
            case "getRemainingTimeInMillis" -> (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
            case "getLogger" -> logger(method.getReturnType());
            case "toString" -> "LambdaContext[" + function.name() + " " + requestId + "]";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> null; // identity and client context: not set for SQS and HTTP API invocations
        };
    }

    private static Object logger(Class<?> loggerType) {
        return Proxy.newProxyInstance(loggerType.getClassLoader(), new Class<?>[] {loggerType}, (p, m, a) -> {
            if (m.getName().equals("log") && a != null && a.length > 0) {
                System.out.println(a[0] instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(a[0]));
            }
            return null;
        });
    }
}
