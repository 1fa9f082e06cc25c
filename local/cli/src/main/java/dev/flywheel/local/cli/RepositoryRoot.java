package dev.flywheel.local.cli;

import java.nio.file.Path;

/** The repository root: where the launcher runs from (it passes -Dflywheel.root), else the working directory. */
final class RepositoryRoot {
    private RepositoryRoot() {}

    static Path path() {
        return Path.of(System.getProperty("flywheel.root", ".")).toAbsolutePath().normalize();
    }
}
