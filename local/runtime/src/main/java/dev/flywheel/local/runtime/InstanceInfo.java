package dev.flywheel.local.runtime;

/** One live execution environment, as the platform sees it (tests use the pid to kill one mid-batch). */
public record InstanceInfo(String id, long pid, boolean busy, long invocations, long idleMillis) {}
