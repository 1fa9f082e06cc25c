package dev.flywheel.tests;

import dev.flywheel.local.LocalPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The same scenarios against moto_server (moto 5.x, Python), a second AWS emulator independent of ours, started on
 * a free port: the {@code --endpoint} code path that LocalStack takes, on machines without Docker. Skipped, saying
 * why, where moto_server is not on the PATH (it is on this project's machines and CI).
 */
class MotoSagaIT extends SagaScenarios {
    private static Process moto;
    private static LocalPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(onPath("moto_server"), "moto_server is not on the PATH (pip install 'moto[server]'): the moto saga suite is skipped");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String endpoint = "http://127.0.0.1:" + port;
        awaitAnswer(URI.create(endpoint), Duration.ofSeconds(60));
        platform = LocalPlatform.start(TestPlatforms.options().withFreePorts().withEndpoint(endpoint, endpoint).withNamePrefix("moto-"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
        if (moto != null) moto.destroy();
    }

    @Override
    LocalPlatform platform() { return platform; }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }

    private static void awaitAnswer(URI endpoint, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!moto.isAlive()) throw new IOException("moto_server exited with " + moto.exitValue());
            try {
                HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() > 0) return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("moto_server did not answer at " + endpoint + " within " + within);
    }
}
