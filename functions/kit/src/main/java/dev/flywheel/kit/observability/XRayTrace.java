package dev.flywheel.kit.observability;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The X-Ray trace of the running invocation. Lambda's Java runtime puts the invocation's trace header
 * ({@code Root=1-…;Parent=…;Sampled=…}) in the system property {@code com.amazonaws.xray.traceHeader} before each
 * invocation (an environment variable cannot change while the JVM runs; {@code _X_AMZN_TRACE_ID} is its fallback,
 * as the AWS SDK reads it). The SDK sends that header with every call, so SQS stamps it on the messages a function
 * sends, and the local runtime gives every invocation one as Lambda does.
 */
public final class XRayTrace {
    static final String PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final Pattern ROOT = Pattern.compile("(?:^|;)\\s*Root=(1-[0-9a-f]{8}-[0-9a-f]{24})(?:;|$)");

    private XRayTrace() {}

    /** The trace id ({@code 1-5f8a1b2c-…}) of this invocation, if it runs traced. */
    public static Optional<String> currentTraceId() {
        String header = System.getProperty(PROPERTY);
        if (header == null || header.isBlank()) header = System.getenv("_X_AMZN_TRACE_ID");
        return rootOf(header);
    }

    /** The Root of a trace header, if it has a well-formed one. */
    static Optional<String> rootOf(String header) {
        if (header == null) return Optional.empty();
        Matcher m = ROOT.matcher(header);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
