package dev.flywheel.tests;

import dev.flywheel.topology.FlywheelTopology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every fixture that an HTTP function primes with in a provisioned environment is inside its deployment jar: the
 * shade plugin keeps only the fixtures functions/pom.xml lists, and a missing one would silently leave the
 * environment unprimed (ProvisionedPriming logs a warning and lets init finish). The list is read from the jar's
 * own wiring class, in a class loader of the jar alone, as the platform loads it.
 */
class PrimingFixturesIT {

    @ParameterizedTest
    @CsvSource({"orders-api, dev.flywheel.orders.OrdersFunctions", "inventory-api, dev.flywheel.inventory.InventoryFunctions",
            "users-api, dev.flywheel.users.UsersFunctions"})
    void theDeploymentJarHoldsEveryPrimingFixture(String function, String wiring) throws Exception {
        Path jar = TestPlatforms.options().root().resolve(FlywheelTopology.standard().function(function).jar());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            List<?> fixtures = (List<?>) Class.forName(wiring, true, loader).getField("PRIMING_FIXTURES").get(null);
            assertFalse(fixtures.isEmpty(), wiring + " names its priming fixtures");
            for (Object fixture : fixtures) {
                assertNotNull(loader.findResource(fixture.toString()), jar.getFileName() + " holds " + fixture + " (add it to the shade filter in functions/pom.xml)");
            }
        }
    }
}
