package dev.flywheel.tests;

import dev.flywheel.local.provision.FunctionEnvironment;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.runtime.ClassDataArchives;
import dev.flywheel.local.runtime.InvocationResult;
import dev.flywheel.local.runtime.ProcessInstance;
import dev.flywheel.local.runtime.RuntimeHome;
import dev.flywheel.topology.FunctionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Class-data archives with real processes: trained once from a real deployment jar, used by the next
 * environment (with {@code -Xshare:on}, which makes the JVM refuse to start on an archive it cannot map), and
 * retrained, with the old one deleted, when the jar changes.
 */
class ClassDataArchivesIT {
    @TempDir
    Path scratch;

    @Test
    void anArchiveIsTrainedOnceUsedByTheNextEnvironmentAndReplacedWhenTheJarChanges() throws Exception {
        LocalPlatform platform = TestPlatforms.shared();
        FunctionSpec users = platform.functions().stream().filter(f -> f.name().equals("users-api")).findFirst().orElseThrow();
        Path root = TestPlatforms.options().root();
        Path jar = Files.copy(root.resolve(users.jar()), scratch.resolve("users.jar")); // a copy: the test changes it
        Map<String, String> env = FunctionEnvironment.of(users, platform.endpoints(), platform.resources(), platform.provider().baseUrl(), Map.of());
        Path dir = scratch.resolve("cds");

        try (RuntimeHome home = RuntimeHome.create(); ClassDataArchives archives = new ClassDataArchives(dir, home)) {
            assertEquals(List.of(), archives.flags(users, jar), "no archive before training");
            archives.prepare(users, jar, env).get(3, TimeUnit.MINUTES);
            Optional<Path> first = archives.existing(users, jar);
            assertTrue(first.isPresent(), "training wrote an archive");

            List<String> flags = new ArrayList<>(archives.flags(users, jar));
            flags.add("-Xshare:on"); // the JVM exits at start if it cannot use the archive
            ProcessInstance instance = ProcessInstance.start("users-api-cds-test", users, jar, env, home, Duration.ofMinutes(2), line -> { }, flags);
            try {
                byte[] event = Files.readAllBytes(root.resolve("events/users/get-user.json"));
                InvocationResult result = instance.invoke(event, UUID.randomUUID().toString(), System.currentTimeMillis() + 60_000);
                assertTrue(result.succeeded(), "an environment started from the archive answers: " + result.message());
            } finally {
                instance.close();
            }

            Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000)); // a rebuilt jar
            assertEquals(List.of(), archives.flags(users, jar), "an archive of the old jar is not used for the new one");
            archives.prepare(users, jar, env).get(3, TimeUnit.MINUTES);
            Optional<Path> second = archives.existing(users, jar);
            assertTrue(second.isPresent(), "the new jar got its own archive");
            assertNotEquals(first.get(), second.get());
            assertTrue(Files.notExists(first.get()), "the old archive was deleted");
            try (var files = Files.list(dir)) {
                assertEquals(List.of(second.get()), files.toList(), "nothing else is left in the archive directory (no partial file)");
            }
        }
    }
}
