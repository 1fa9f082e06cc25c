package dev.flywheel.local.cli;

import dev.flywheel.local.CrashFault;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./flywheel up} really runs: a small parent JVM that starts the platform as a child process and starts it
 * again, with the same arguments and so on the same data, when a {@code crash} fault killed it (see
 * {@code ./flywheel load --fault crash@T}). Lambda replaces a host that died; this is the laptop's stand-in. Any other
 * end of the platform (Ctrl-C, an error, a kill nobody asked for) ends the supervisor with the platform's exit status.
 * <p>
 * The child learns where to leave its restart request from {@link #RESTART_MARKER}: the platform writes that file just
 * before it SIGKILLs itself and its functions, so a kill from outside is never mistaken for a fault.
 */
public final class Supervisor {
    /** Environment variable: the file a platform writes to ask for a restart; set only for a supervised platform. */
    public static final String RESTART_MARKER = CrashFault.RESTART_MARKER;

    private Supervisor() {}

    /** True in the supervisor itself, false in the platform it started (and in a platform started without one). */
    public static boolean shouldSupervise(String[] args) {
        return args.length > 0 && args[0].equals("up") && System.getenv(RESTART_MARKER) == null
                && List.of(args).stream().noneMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version"));
    }

    /** Runs the platform with {@code args} until it ends for a reason other than a crash fault; returns its exit status. */
    public static int run(String[] args) throws IOException, InterruptedException {
        Path marker = Files.createTempFile("flywheel-restart-", ".request");
        Files.delete(marker); // its existence is the request
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments()); // -Dflywheel.root and the like
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process[] child = new Process[1];
        // Ctrl-C reaches the platform directly (same process group); a TERM sent to this process alone is passed on.
        // Either way this JVM stays until the platform has drained and stopped, so the prompt comes back after it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = child[0];
            if (p == null) return;
            p.destroy();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "supervisor-stop"));
        while (true) {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().put(RESTART_MARKER, marker.toString());
            child[0] = builder.start();
            int status = child[0].waitFor();
            if (!Files.deleteIfExists(marker)) return status;
            System.err.println("flywheel: the platform and its functions were killed (SIGKILL) by a crash fault; starting it again on the same data");
        }
    }
}
