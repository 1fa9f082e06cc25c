package dev.flywheel.local.cli;

import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Wipes the state ./flywheel up keeps under .flywheel/data (every queue, message and table); refuses while a platform uses it.")
public final class ResetCommand implements Callable<Integer> {

    static Path dataDirectory(Path root) { return root.resolve(".flywheel").resolve("data"); }

    @Override
    public Integer call() throws IOException {
        Path data = dataDirectory(RepositoryRoot.path());
        if (!Files.exists(data)) {
            System.out.println("flywheel: nothing to reset (" + data + " does not exist)");
            return 0;
        }
        if (inUse(data.resolve("dynamodb.mv.db"))) {
            System.err.println("flywheel: a running platform uses " + data + "; stop it first (Ctrl-C)");
            return 1;
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        System.out.println("flywheel: wiped " + data);
        return 0;
    }

    /** The engine holds a lock on its file while it runs. */
    private static boolean inUse(Path file) throws IOException {
        if (!Files.exists(file)) return false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        }
    }
}
