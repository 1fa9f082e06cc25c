package dev.flywheel.local;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The local platform's layout, as the module list draws it (see local/README.md): emulators and runtime at the
 * bottom, knowing nothing of each other; the platform composing them; the tools on top. Maven already refuses a
 * dependency a module does not declare; this also guards the packages inside a module, and the engine's
 * independence from the rest of Flywheel.
 */
class LocalArchitectureTest {
    private static final JavaClasses LOCAL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flywheel.local", "dev.flywheel.dynamodb");

    @Test
    void theLayersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("emulators").definedBy("dev.flywheel.local.emulators..", "dev.flywheel.local.provision..")
                .layer("runtime").definedBy("dev.flywheel.local.runtime..", "dev.flywheel.local.http..")
                .layer("platform").definedBy("dev.flywheel.local", "dev.flywheel.local.gateway..", "dev.flywheel.local.auth..",
                        "dev.flywheel.local.dashboard..", "dev.flywheel.local.meter..", "dev.flywheel.local.payments..")
                .layer("tools").definedBy("dev.flywheel.local.cli..", "dev.flywheel.local.load..", "dev.flywheel.local.capacity..")
                .whereLayer("tools").mayNotBeAccessedByAnyLayer()
                .whereLayer("platform").mayOnlyBeAccessedByLayers("tools")
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("platform", "tools")
                .whereLayer("emulators").mayOnlyBeAccessedByLayers("platform", "tools")
                .check(LOCAL);
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        slices().matching("dev.flywheel.local.(*)..").should().beFreeOfCycles().check(LOCAL);
    }

    @Test
    void thePlatformsPartsDoNotReachBackIntoItsCompositionRoot() {
        noClasses().that().resideInAnyPackage("dev.flywheel.local.gateway..", "dev.flywheel.local.auth..", "dev.flywheel.local.dashboard..",
                        "dev.flywheel.local.meter..", "dev.flywheel.local.payments..")
                .should().dependOnClassesThat().resideInAPackage("dev.flywheel.local")
                .because("LocalPlatform wires the parts; a part that needs the whole cannot be tested or reused alone")
                .check(LOCAL);
    }

    @Test
    void theDynamoDbEngineKnowsNothingOfFlywheel() {
        noClasses().that().resideInAPackage("dev.flywheel.dynamodb..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.flywheel.local..", "dev.flywheel.topology..", "dev.flywheel.kit..")
                .check(LOCAL);
    }
}
