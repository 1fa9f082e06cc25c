package dev.flywheel.local.runtime;

import dev.flywheel.topology.FunctionSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * One execution environment, in-process: the function's real deployment jar in a class loader of its own (parent:
 * the platform class loader, so nothing of the platform leaks in), its own environment installed into the kit's
 * {@code Env}, and Spring Cloud Function's {@code FunctionInvoker} called with the raw event bytes exactly as the
 * Lambda runtime calls it. Like a Lambda execution environment it runs one invocation at a time.
 *
 * <p>In-process is the first form of the runtime; a JVM process per environment behind the Lambda Runtime API
 * is the faithful one. What both share is the jar and the entry point, so the function cannot tell.
 */
public final class ExecutionEnvironment implements AutoCloseable {
    private static final String INVOKER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker";
    private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
    private static final String KIT_ENV = "dev.flywheel.kit.config.Env";

    private final FunctionSpec function;
    private final URLClassLoader loader;
    private final Object invoker;
    private final Method handleRequest;
    private final Class<?> contextType;
    private final long initNanos;

    private ExecutionEnvironment(FunctionSpec function, URLClassLoader loader, Object invoker, Method handleRequest, Class<?> contextType, long initNanos) {
        this.function = function;
        this.loader = loader;
        this.invoker = invoker;
        this.handleRequest = handleRequest;
        this.contextType = contextType;
        this.initNanos = initNanos;
    }

    /** The init phase: load the jar, install the environment, start Spring and look the function up. */
    public static ExecutionEnvironment create(FunctionSpec function, Path jar, Map<String, String> environment) {
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("deployment jar of " + function.name() + " not found: " + jar + " (build it: ./mvnw package)");
        long start = System.nanoTime();
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("lambda:" + function.name(), new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            loader.loadClass(KIT_ENV).getMethod("install", Map.class).invoke(null, environment);
            Class<?> invokerType = loader.loadClass(INVOKER);
            Object invoker = invokerType.getConstructor(String.class).newInstance(function.definition());
            Class<?> contextType = loader.loadClass(CONTEXT);
            Method handle = invokerType.getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);
            return new ExecutionEnvironment(function, loader, invoker, handle, contextType, System.nanoTime() - start);
        } catch (ReflectiveOperationException | LinkageError e) {
            closeQuietly(loader);
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("init of " + function.name() + " failed: " + cause, cause);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public long initMillis() { return initNanos / 1_000_000; }

    public FunctionSpec function() { return function; }

    /**
     * Runs one event. @return the response bytes
     *
     * @throws FunctionError when the function threw (Lambda reports an error; an SQS batch then fails as a whole)
     */
    public byte[] invoke(byte[] event, String requestId, long deadlineMillis) {
        Object context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, new LambdaContext(function, requestId, deadlineMillis));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            handleRequest.invoke(invoker, new ByteArrayInputStream(event), out, context);
            return out.toByteArray();
        } catch (InvocationTargetException e) {
            throw new FunctionError(function.name(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public static String newRequestId() { return UUID.randomUUID().toString(); }

    @Override
    public void close() {
        closeQuietly(loader);
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (java.io.IOException ignored) {
            // nothing to do: the loader is dropped either way
        }
    }

    /** The function threw: what Lambda reports as a function error. */
    public static final class FunctionError extends RuntimeException {
        public FunctionError(String function, Throwable cause) {
            super(function + " failed: " + cause, cause);
        }
    }
}
