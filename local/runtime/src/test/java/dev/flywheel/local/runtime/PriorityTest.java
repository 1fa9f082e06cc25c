package dev.flywheel.local.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PriorityTest {
    private static void linuxOnly() {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")) && Files.isExecutable(Path.of("/usr/bin/renice")),
                "per-thread nice values are a Linux feature (with util-linux's renice)");
    }

    @Test
    void aLoweredThreadRunsAtThatNicenessAndTheThreadsItStartsInheritIt() throws Exception {
        linuxOnly();
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        Priority.threads("lowered-test", 7).newThread(() -> {
            int own = Priority.ofCurrentThread().orElseThrow();
            CompletableFuture<Integer> child = new CompletableFuture<>();
            new Thread(() -> child.complete(Priority.ofCurrentThread().orElseThrow())).start();
            seen.complete(new int[] {own, child.join()});
        }).start();
        int[] nice = seen.get();
        assertEquals(7, nice[0], "the factory's thread");
        assertEquals(7, nice[1], "a thread it started");
        assertEquals(0, Priority.ofCurrentThread().orElseThrow(), "the caller is left as it was");
    }

    @Test
    void whatIsCreatedAtANicenessStartsItsThreadsThere() {
        linuxOnly();
        Thread[] started = new Thread[1];
        CompletableFuture<Integer> nice = Priority.createdAt(5, () -> {
            CompletableFuture<Integer> n = new CompletableFuture<>();
            started[0] = new Thread(() -> n.complete(Priority.ofCurrentThread().orElseThrow()));
            started[0].start();
            return n;
        });
        assertEquals(5, nice.join());
    }

    @Test
    void aProcessStartedFromALoweredThreadRunsAtTheNicenessAskedForNotMore() throws Exception {
        linuxOnly();
        CompletableFuture<Integer> nice = new CompletableFuture<>();
        Priority.threads("lowered-starter", 4).newThread(() -> {
            try {
                java.util.List<String> command = new java.util.ArrayList<>(Priority.command(10));
                command.addAll(java.util.List.of("sleep", "5"));
                Process p = new ProcessBuilder(command).start();
                Thread.sleep(200);
                nice.complete(Priority.of(p.pid()).orElseThrow());
                p.destroy();
            } catch (Exception e) {
                nice.completeExceptionally(e);
            }
        }).start();
        assertEquals(10, nice.get(), "nice 10, not 4 + 10");
    }

    @Test
    void zeroChangesNothing() {
        assertEquals(Thread.currentThread(), Priority.createdAt(0, Thread::currentThread), "0 builds on the caller's own thread");
    }
}
