package dev.flywheel.tests;

import dev.flywheel.inventory.InventoryFunctions;
import dev.flywheel.orders.OrdersFunctions;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.users.UsersFunctions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fixture that an HTTP function primes with in a provisioned environment is inside its deployment jar: the
 * shade plugin keeps only the fixtures functions/pom.xml lists, and a missing one would silently leave the
 * environment unprimed (ProvisionedPriming logs a warning and lets init finish).
 */
class PrimingFixturesTest {
    private static final Map<String, List<String>> FIXTURES = Map.of(
            "orders-api", OrdersFunctions.PRIMING_FIXTURES,
            "inventory-api", InventoryFunctions.PRIMING_FIXTURES,
            "users-api", UsersFunctions.PRIMING_FIXTURES);

    @ParameterizedTest
    @CsvSource({"orders-api", "inventory-api", "users-api"})
    void theDeploymentJarHoldsEveryPrimingFixture(String function) throws IOException {
        Path root = TestPlatforms.options().root();
        Path jar = root.resolve(FlywheelTopology.standard().function(function).jar());
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String fixture : FIXTURES.get(function)) {
                assertTrue(zip.getEntry(fixture) != null, jar.getFileName() + " holds " + fixture + " (add it to the shade filter in functions/pom.xml)");
            }
        }
    }
}
