package dev.flywheel.kit.observability;

import com.amazonaws.services.lambda.runtime.Context;
import dev.flywheel.kit.config.Env;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Logs and metrics through Powertools' functional API (its AspectJ annotations never fire under
 * FunctionInvoker). Logs are JSON lines (log4j2 + Powertools' Lambda layout) carrying the Lambda context
 * and, while a message or request is handled, its {@code correlation_id}. Metrics are CloudWatch EMF lines
 * flushed at the end of each invocation.
 */
public final class Observability {
    /** The MDC key that Powertools' layout prints as {@code correlation_id}. */
    public static final String CORRELATION_ID = "correlation_id";

    private static volatile boolean configured;
    private Observability() {}

    /** Wraps one invocation: cold-start metric, Lambda context in every log line, metrics flushed at the end. */
    public static <T> T invocation(Context context, Supplier<T> body) {
        Metrics metrics = metrics();
        // before withLogging: Powertools decides "cold start" once, and the metric must see the first call
        if (context != null) metrics.captureColdStartMetric(context);
        try {
            return context == null ? body.get() : PowertoolsLogging.withLogging(context, () -> {
                // Powertools reads the service name from the process environment; Env also knows it when a
                // test runs the function in its own JVM
                MDC.put("service", Env.get("POWERTOOLS_SERVICE_NAME", "flywheel"));
                return body.get();
            });
        } finally {
            metrics.flush();
        }
    }

    /**
     * Runs work whose metrics must not be emitted: provisioned-concurrency priming's fixtures, which are not traffic.
     * They run the whole path of a real call, down to writing the EMF line, so that the first real request finds it
     * loaded and compiled (left out, it added about 100 ms to a primed orders-api's first order, measured here), but
     * standard output goes nowhere meanwhile: Powertools' EMF sink prints to {@code System.out}, which is read at
     * each line. It is the process's stream, so this is only for init, when the environment serves no request; the
     * log lines keep their own stream (log4j2's console appender holds the one it started with).
     */
    public static void unrecorded(Runnable work) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            work.run();
        } finally {
            System.setOut(out);
        }
    }

    /**
     * {@code work} as it would run on this thread, to be run on another: with this thread's log context (the
     * Lambda context, the correlation id). The other thread's own is put back after.
     */
    public static <T> Supplier<T> carried(Supplier<T> work) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> own = MDC.getCopyOfContextMap();
            setContext(context);
            try {
                return work.get();
            } finally {
                setContext(own);
            }
        };
    }

    private static void setContext(Map<String, String> context) {
        if (context == null) MDC.clear();
        else MDC.setContextMap(context);
    }

    /** Puts the correlation id in every log line until closed. */
    public static Correlation correlate(String correlationId) {
        String previous = MDC.get(CORRELATION_ID);
        if (correlationId != null) MDC.put(CORRELATION_ID, correlationId);
        return () -> {
            if (previous == null) MDC.remove(CORRELATION_ID);
            else MDC.put(CORRELATION_ID, previous);
        };
    }

    public static void count(String name, double value) {
        metrics().addMetric(name, value, MetricUnit.COUNT);
    }

    private static Metrics metrics() {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        if (!configured) {
            synchronized (Observability.class) {
                if (!configured) {
                    // read through Env, so that a function run inside a test's JVM gets the values the test installed
                    metrics.setNamespace(Env.get("POWERTOOLS_METRICS_NAMESPACE", "Flywheel"));
                    metrics.setDefaultDimensions(DimensionSet.of("Service", Env.get("POWERTOOLS_SERVICE_NAME", "flywheel")));
                    metrics.setRaiseOnEmptyMetrics(false);
                    configured = true;
                }
            }
        }
        return metrics;
    }

    /** An MDC scope that does not throw on close. */
    public interface Correlation extends AutoCloseable {
        @Override void close();
    }
}
