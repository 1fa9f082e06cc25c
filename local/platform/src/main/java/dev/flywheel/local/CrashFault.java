package dev.flywheel.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code crash} fault: the platform and every function JVM it started die by SIGKILL at once, as in a power cut
 * or an OOM kill, with no drain and no shutdown hook. Its supervisor ({@code ./flywheel up}'s) starts it again on the
 * same data. Refused (with the reason) where nothing would come back: a platform without a supervisor, or one that
 * keeps its state in memory.
 */
public final class CrashFault {
    /** Environment variable: the file a platform writes to ask its supervisor for a restart; set only for a supervised platform. */
    public static final String RESTART_MARKER = "FLYWHEEL_RESTART_MARKER";

    private CrashFault() {}

    /** Why a crash cannot be asked of this platform, if it cannot. */
    static Optional<String> refusal(boolean durable) {
        if (System.getenv(RESTART_MARKER) == null)
            return Optional.of("no supervisor would start this platform again: start it with ./flywheel up");
        if (!durable) return Optional.of("this platform keeps no state under a data directory (--in-memory or --endpoint): a crash is only tried on its own durable state");
        return Optional.empty();
    }

    /** Asks the supervisor for a restart, then SIGKILLs the functions and this JVM, a moment from now (so the caller gets its answer). */
    static void schedule(long delayMillis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(delayMillis);
                Files.writeString(Path.of(System.getenv(RESTART_MARKER)), "crash fault\n");
                List<String> kill = new ArrayList<>(List.of("kill", "-KILL"));
                ProcessHandle.current().descendants().forEach(p -> kill.add(Long.toString(p.pid())));
                kill.add(Long.toString(ProcessHandle.current().pid()));
                new ProcessBuilder(kill).inheritIO().start().waitFor(); // one kill(1): every process within microseconds
            } catch (IOException | InterruptedException e) {
                System.err.println("flywheel: the crash fault could not use kill(1) (" + e + "): halting without shutdown hooks");
            }
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            Runtime.getRuntime().halt(137);
        }, "crash-fault");
        t.setDaemon(false);
        t.start();
    }
}
