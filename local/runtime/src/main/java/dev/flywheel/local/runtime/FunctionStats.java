package dev.flywheel.local.runtime;

/**
 * What a function's pool has done so far: for the dashboard, the CLI and tests. Counters are cumulative.
 *
 * @param instances   live execution environments (idle or busy)
 * @param busy        environments running an invocation now
 * @param throttles   invocations refused because every allowed environment stayed busy
 * @param maxMemoryMb the highest "Max Memory Used" any environment reported
 * @param totalInitMillis   init of on-demand environments (cold starts), billed as duration since August 2025
 * @param provisioned       provisioned environments live now (part of {@code instances})
 * @param provisionedMillis environment-time of provisioned environments so far (billed as provisioned concurrency)
 * @param provisionedDurationMillis the part of {@code totalDurationMillis} run in provisioned environments
 */
public record FunctionStats(String function, int instances, int busy, long coldStarts, long invocations, long errors,
                            long timeouts, long throttles, long totalInitMillis, long totalDurationMillis, long maxMemoryMb,
                            int provisioned, long provisionedMillis, long provisionedDurationMillis) {}
