package dev.flywheel.local.runtime;

import dev.flywheel.topology.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One AppCDS archive per deployment jar, so that every local execution environment starts from pre-parsed
 * classes. It covers the classes of init only: the platform has no event it may safely invoke a function with
 * (bench-cold-start trains through a first invocation, and measures 0.66–0.72 × the cold start without). An
 * archive is written once by a
 * training process (the function's init under {@code -XX:ArchiveClassesAtExit}, then a polite stop, when the JVM
 * writes the classes it loaded) and kept under {@code .flywheel/cds/}, named by a digest of what it depends on:
 * the jar (size and time), the runtime's classpath, the function's handler and the JVM. When any of them changes
 * the name changes, a new archive is trained, and the old one is deleted. Environments started before their
 * archive exists start without one; the JVM itself refuses an archive that does not match ({@code -Xshare:auto}).
 *
 * <p>Training runs in the background, one function at a time and at the workers' low priority, so that it never
 * stands between {@code up} and the first request.
 */
public final class ClassDataArchives implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClassDataArchives.class);

    private final Path dir;
    private final RuntimeHome home;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cds-training");
        t.setDaemon(true);
        return t;
    });

    public ClassDataArchives(Path dir, RuntimeHome home) {
        this.dir = dir;
        this.home = home;
    }

    /** The flags that start {@code function} from its archive; none while it has no archive yet. */
    public List<String> flags(FunctionSpec function, Path code) {
        return existing(function, code).map(archive -> List.of("-XX:SharedArchiveFile=" + archive)).orElse(List.of());
    }

    /** Trains {@code function}'s archive in the background unless it exists; the future ends when it does (or failed). */
    public Future<?> prepare(FunctionSpec function, Path code, Map<String, String> environment) {
        return trainer.submit(() -> {
            // present already, or classes in a directory (test functions): archives are for deployment jars
            if (Files.isDirectory(code) || existing(function, code).isPresent()) return;
            try {
                train(function, code, environment, archive(function, code));
            } catch (RuntimeException | IOException e) {
                // a platform that closes stops its training: not a failure, the next start trains again
                if (trainer.isShutdown()) log.info("training of {}'s class-data archive stopped with the platform: the next start trains it", function.name());
                else log.warn("no class-data archive for {} (its environments start without one): {}", function.name(), e.toString());
            }
        });
    }

    private void train(FunctionSpec function, Path code, Map<String, String> environment, Path archive) throws IOException {
        Files.createDirectories(dir);
        Path partial = dir.resolve(archive.getFileName() + ".partial-" + ProcessHandle.current().pid());
        long start = System.nanoTime();
        try {
            ProcessInstance training = ProcessInstance.start(function.name() + "-cds", function, code, environment, home, Duration.ofMinutes(2),
                    line -> { }, new ProcessInstance.Launch(List.of("-XX:ArchiveClassesAtExit=" + partial), Priority.WORKER_NICENESS, false));
            training.stopGracefully(); // the JVM writes the archive as it exits
            if (!Files.isRegularFile(partial)) throw new IOException("the training JVM wrote no archive");
            deleteOlder(function);
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial); // a stop in the middle leaves no half-written archive behind
        }
        log.info("class-data archive for {} written in {} ms: {}", function.name(), (System.nanoTime() - start) / 1_000_000, archive);
    }

    private void deleteOlder(FunctionSpec function) throws IOException {
        // exactly this function's names: a glob on "<name>-*" would also take those of a function named "<name>-x"
        Pattern ours = Pattern.compile(Pattern.quote(function.name()) + "-[0-9a-f]{16}\\.jsa");
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, p -> ours.matcher(p.getFileName().toString()).matches())) {
            for (Path p : old) Files.deleteIfExists(p);
        }
    }

    /** Where {@code function}'s archive is (or will be) for the jar, runtime and JVM as they are now. */
    Path archive(FunctionSpec function, Path code) {
        try {
            String key = String.join("\n", code.toAbsolutePath().toString(), Long.toString(Files.size(code)),
                    Long.toString(Files.getLastModifiedTime(code).toMillis()), home.classpath(), function.handler(),
                    System.getProperty("java.home"), Runtime.version().toString());
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(function.name() + "-" + HexFormat.of().formatHex(digest, 0, 8) + ".jsa");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + code, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops training (a training process in progress is stopped with it); archives already written stay. */
    @Override
    public void close() {
        trainer.shutdownNow();
        try {
            trainer.awaitTermination(35, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the archive's path when present */
    public Optional<Path> existing(FunctionSpec function, Path code) {
        if (Files.isDirectory(code)) return Optional.empty();
        Path archive = archive(function, code);
        return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
    }
}
