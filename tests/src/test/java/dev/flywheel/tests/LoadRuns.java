package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.load.LoadCommand;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code ./flywheel load} in the test JVM against a platform, as the command line would. */
final class LoadRuns {
    private LoadRuns() {}

    /** The command's exit status, its report directory and the report's summary.json. */
    record Run(int exit, Path report, JsonNode summary) {}

    static Run load(LocalPlatform platform, String... args) throws Exception {
        return load(platform.url(), args);
    }

    /** Against a platform in a process of its own, at {@code url}. */
    static Run load(java.net.URI url, String... args) throws Exception {
        Path report = Files.createTempDirectory("flywheel-load-report");
        Path root = Path.of(System.getProperty("flywheel.root", "..")).toAbsolutePath().normalize();
        List<String> all = new ArrayList<>(List.of("--url", url.toString(), "--report", report.toString(), "--root", root.toString()));
        all.addAll(List.of(args));
        int exit = new CommandLine(new LoadCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(all.toArray(String[]::new));
        return new Run(exit, report, new ObjectMapper().readTree(report.resolve("summary.json").toFile()));
    }
}
