package dev.flywheel.local.runtime;

/** What a function's pool has done: for tests, the CLI and (next) the dashboard. */
public record FunctionStats(String function, int environments, int busy, long coldStarts, long invocations, long errors,
                            long timeouts, long totalInitMillis, long totalDurationMillis) {}
