package dev.flywheel.local.runtime;

import dev.flywheel.topology.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The execution environments of one function. An invocation takes an idle environment or creates one (a cold
 * start, its init reported apart from the invocation), runs under the function's timeout, and gives the
 * environment back. A timed-out or crashed environment is discarded, as Lambda discards it. Every invocation
 * logs a Lambda-style REPORT line.
 */
public final class FunctionPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FunctionPool.class);

    private final FunctionSpec function;
    private final Path jar;
    private final Map<String, String> environment;
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final ExecutorService threads;
    private final AtomicInteger environments = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong coldStarts = new AtomicLong();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong initMillis = new AtomicLong();
    private final AtomicLong durationMillis = new AtomicLong();

    public FunctionPool(FunctionSpec function, Path jar, Map<String, String> environment) {
        this.function = function;
        this.jar = jar;
        this.environment = Map.copyOf(environment);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fn-" + function.name());
            t.setDaemon(true);
            return t;
        });
    }

    public FunctionSpec function() { return function; }

    /**
     * @return the function's response
     * @throws ExecutionEnvironment.FunctionError when the function threw, timed out or could not start
     */
    public byte[] invoke(byte[] event) {
        String requestId = ExecutionEnvironment.newRequestId();
        busy.incrementAndGet();
        long start = System.nanoTime();
        ExecutionEnvironment env = null;
        Long initMs = null;
        try {
            env = takeIdle();
            if (env == null) {
                env = ExecutionEnvironment.create(function, jar, environment);
                environments.incrementAndGet();
                coldStarts.incrementAndGet();
                initMs = env.initMillis();
                initMillis.addAndGet(initMs);
                start = System.nanoTime();
            }
            long deadline = System.currentTimeMillis() + function.timeoutSeconds() * 1000L;
            ExecutionEnvironment running = env;
            Future<byte[]> result = threads.submit(() -> running.invoke(event, requestId, deadline));
            byte[] response = result.get(function.timeoutSeconds(), TimeUnit.SECONDS);
            release(env);
            env = null;
            return response;
        } catch (TimeoutException e) {
            timeouts.incrementAndGet();
            errors.incrementAndGet();
            throw new ExecutionEnvironment.FunctionError(function.name(), new IllegalStateException("Task timed out after " + function.timeoutSeconds() + " seconds"));
        } catch (ExecutionException e) {
            errors.incrementAndGet();
            Throwable cause = e.getCause();
            if (cause instanceof ExecutionEnvironment.FunctionError fe) {
                release(env); // a function error leaves the environment usable, as on Lambda
                env = null;
                throw fe;
            }
            throw new ExecutionEnvironment.FunctionError(function.name(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionEnvironment.FunctionError(function.name(), e);
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            throw e instanceof ExecutionEnvironment.FunctionError fe ? fe : new ExecutionEnvironment.FunctionError(function.name(), e);
        } finally {
            if (env != null) discard(env);
            busy.decrementAndGet();
            long ms = (System.nanoTime() - start) / 1_000_000;
            invocations.incrementAndGet();
            durationMillis.addAndGet(ms);
            log.info("REPORT {} RequestId: {} Duration: {} ms Billed Duration: {} ms{}", function.name(), requestId, ms, Math.max(1, ms),
                    initMs == null ? "" : " Init Duration: " + initMs + " ms");
        }
    }

    private synchronized ExecutionEnvironment takeIdle() {
        return idle.pollFirst();
    }

    private synchronized void release(ExecutionEnvironment env) {
        idle.addFirst(env); // most recently used first: keeps the others idle, as Lambda's scale-in does
    }

    private void discard(ExecutionEnvironment env) {
        environments.decrementAndGet();
        env.close();
    }

    public FunctionStats stats() {
        return new FunctionStats(function.name(), environments.get(), busy.get(), coldStarts.get(), invocations.get(), errors.get(),
                timeouts.get(), initMillis.get(), durationMillis.get());
    }

    @Override
    public synchronized void close() {
        idle.forEach(ExecutionEnvironment::close);
        idle.clear();
        threads.shutdownNow();
    }
}
