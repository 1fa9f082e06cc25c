package dev.flywheel.local.runtime;

import dev.flywheel.topology.FunctionSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What every execution environment process needs from the platform, in one scratch directory that is deleted
 * when the platform stops: the runtime interface client's classpath (its jars, found where the platform loaded
 * them), its native library unpacked once (the client would otherwise unpack it to a fixed /tmp path from every
 * instance, racing and leaving it behind), and one task root per function laid out as Lambda lays out a jar
 * deployment ({@code /var/task/lib/*.jar}).
 */
public final class RuntimeHome implements AutoCloseable {
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    /** Classes whose jars make up the runtime's system classpath: the client, lambda-java-core, its serialization, SDK utils-lite. */
    private static final List<String> RUNTIME_CLASSES = List.of(RIC_MAIN, "com.amazonaws.services.lambda.runtime.Context",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer", "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

    private final Path dir;
    private final String classpath;
    private final Path nativeLibrary;
    private final Path javaBinary;

    private RuntimeHome(Path dir) {
        this.dir = dir;
        this.classpath = String.join(java.io.File.pathSeparator, runtimeJars());
        this.nativeLibrary = unpackNativeLibrary(dir);
        this.javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    public static RuntimeHome create() {
        try {
            return new RuntimeHome(Files.createTempDirectory("flywheel-runtime-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the runtime's scratch directory", e);
        }
    }

    String classpath() { return classpath; }

    Path nativeLibrary() { return nativeLibrary; }

    Path java() { return javaBinary; }

    /** The scratch directory (deleted with the platform): benchmarks keep their CDS archives here. */
    public Path scratch() { return dir; }

    /**
     * The function's task root: its code unpacked as Lambda would have it. A directory of classes is used as it is;
     * a deployment jar is linked into {@code lib/} (the client's class loader reads {@code <task root>/lib/*.jar}).
     */
    synchronized Path taskRoot(FunctionSpec function, Path code) {
        if (!Files.exists(code)) throw new IllegalStateException("code of " + function.name() + " not found: " + code + " (build it: ./mvnw package)");
        if (Files.isDirectory(code)) return code;
        Path root = dir.resolve("task").resolve(function.name());
        Path lib = root.resolve("lib");
        Path link = lib.resolve(code.getFileName());
        try {
            if (!Files.exists(link)) {
                Files.createDirectories(lib);
                try {
                    Files.createSymbolicLink(link, code.toAbsolutePath());
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(code, link, StandardCopyOption.REPLACE_EXISTING); // file systems without links
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the task root of " + function.name(), e);
        }
    }

    private static List<String> runtimeJars() {
        Set<String> jars = new LinkedHashSet<>();
        for (String name : RUNTIME_CLASSES) {
            try {
                Class<?> type = Class.forName(name, false, RuntimeHome.class.getClassLoader());
                jars.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (ClassNotFoundException | URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("the Lambda runtime interface client is not on the platform's classpath (" + name + ")", e);
            }
        }
        return new ArrayList<>(jars);
    }

    private static Path unpackNativeLibrary(Path dir) {
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch_64" : "x86_64";
        boolean musl = Files.exists(Path.of("/lib/ld-musl-" + (arch.equals("x86_64") ? "x86_64" : "aarch64") + ".so.1"));
        String name = "/jni/libaws-lambda-jni.linux" + (musl ? "_musl-" : "-") + arch + ".so";
        Path target = dir.resolve("libaws-lambda-jni.so");
        try (InputStream in = classOf(RIC_MAIN).getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the runtime interface client has no native library " + name
                    + " (the process runtime needs Linux on x86_64 or arm64)");
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + name, e);
        }
    }

    private static Class<?> classOf(String name) {
        try {
            return Class.forName(name, false, RuntimeHome.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("flywheel: could not remove " + dir + ": " + e);
        }
    }
}
