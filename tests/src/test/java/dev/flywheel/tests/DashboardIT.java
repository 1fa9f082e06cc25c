package dev.flywheel.tests;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.runtime.Priority;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard as a browser shows it: headless Chromium (Debian's {@code chromium} package) loads the page from
 * the platform after an order went through, and the test reads the DOM it rendered and the screenshot it took.
 */
class DashboardIT {
    /** The CONFIRMED badge's colour in app.js: the screenshot must show it. */
    private static final int CONFIRMED_GREEN = 0x16a34a;

    private final LocalPlatform platform = TestPlatforms.shared();
    private final Shop shop = new Shop(platform);

    @Test
    void theDashboardChartsTheFunctionsAndShowsAConfirmedOrder() throws Exception {
        Optional<Path> chromium = chromium();
        // on CI a missing browser is a broken setup (.ci/run installs it), not a reason to skip a real test
        if (System.getenv("CI") != null) assertTrue(chromium.isPresent(), "CI is set but no headless Chromium was found: .ci/run should have installed Debian's chromium");
        Assumptions.assumeTrue(chromium.isPresent(), "no headless Chromium on this machine (apt-get install chromium): dashboard test skipped");
        String sku = Shop.unique("SKU"), user = Shop.unique("user");
        shop.product(sku, 1500, 10, 1);
        String orderId = shop.order(user, sku, 1, "tok_visa");
        assertEquals("CONFIRMED", shop.awaitTerminal(user, orderId, SagaScenarios.SAGA_TIMEOUT).get("status").asText());
        Shop.sleep(2_500); // two samples after the order, so every chart has a line

        String url = platform.url() + "/dashboard";
        Path dir = Files.createTempDirectory("flywheel-dashboard-test");
        try {
            String dom = run(chromium.get(), dir, "--dump-dom", url);
            assertTrue(dom.contains("data-ready=\"true\""), "the page rendered its first data");
            assertTrue(dom.contains("data-functions=\"6\""), "all six functions are charted");
            assertTrue(dom.matches("(?s).*data-orders=\"[1-9][0-9]*\".*"), "the order placed through the front door is listed");
            assertTrue(dom.contains("orders-worker nice " + Priority.WORKER_NICENESS), "the page says which functions yield the CPU: " + cpuNote(dom));
            int warm = platform.stats("orders-api").provisioned();
            assertTrue(warm > 0 && dom.contains("orders-api: " + warm), "and which keep provisioned environments (" + warm + "): " + cpuNote(dom));
            assertTrue(dom.contains("orders-intake: standard, maximum concurrency 20 ("), "each mapping's scaling mode: " + cpuNote(dom));
            for (String chart : List.of("chart-instances", "chart-invocations", "chart-duration", "chart-queue-depth", "chart-dlq", "chart-api", "chart-orders")) {
                assertTrue(dom.contains("id=\"" + chart + "\""), chart);
            }

            Path png = dir.resolve("dashboard.png");
            run(chromium.get(), dir, "--screenshot=" + png, url);
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(1280, image.getWidth());
            assertEquals(900, image.getHeight());
            long green = 0;
            java.util.Set<Integer> colours = new java.util.HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 1) {
                for (int x = 0; x < image.getWidth(); x += 1) {
                    int rgb = image.getRGB(x, y) & 0xffffff;
                    if (rgb == CONFIRMED_GREEN) green++;
                    if (x % 4 == 0 && y % 4 == 0) colours.add(rgb);
                }
            }
            assertTrue(green > 150, "the CONFIRMED badge is drawn (" + green + " pixels of its green)");
            assertTrue(colours.size() > 100, "charts, not a blank page: " + colours.size() + " colours");
            Path keep = Path.of("target", "dashboard.png");
            Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // for a person to look at
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Optional<Path> chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) return Optional.of(Path.of(candidate));
        }
        return Optional.empty();
    }

    private static String run(Path chromium, Path dir, String action, String url) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=1280,900", "--virtual-time-budget=8000", action, url));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String cpuNote(String dom) {
        int at = dom.indexOf("id=\"cpu-note\"");
        return at < 0 ? "(no cpu-note)" : dom.substring(at, Math.min(dom.length(), at + 600));
    }
}
