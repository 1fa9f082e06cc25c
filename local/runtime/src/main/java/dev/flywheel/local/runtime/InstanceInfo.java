package dev.flywheel.local.runtime;

import java.time.Duration;

/**
 * One live execution environment, as the platform sees it (tests use the pid to kill one mid-batch).
 *
 * @param initCpu the CPU time its process had spent when its init ended (zero where the operating system does not
 *                say): benchmarks tell an environment's start from its work with it
 */
public record InstanceInfo(String id, long pid, boolean busy, long invocations, long idleMillis, Duration initCpu) {}
