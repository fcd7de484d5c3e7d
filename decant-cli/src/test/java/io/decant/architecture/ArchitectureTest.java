package io.decant.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shape of the whole product, over every module's classes: no dependency cycle between packages,
 * and each module depends only on the modules below it (core ← jdbc, http; jdbc ← service; all ← cli).
 * A new cycle or a dependency against a module's direction fails here, naming the classes.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // the modules' test jars
            .importPackages("io.decant");

    /**
     * The root package is the library's public face, in three layers: the vocabulary every part
     * shares ({@code Phase}, {@code DecantException}, {@code ErrorCode}, …) at the bottom, the options
     * and results the engines take and return in the middle, and the entry points that wire the
     * engines ({@code Decant}, {@code Migration}, …) on top. Each layer is a slice of its own.
     */
    private static final Set<String> VOCABULARY = Set.of("Phase", "DecantException", "ErrorCode", "InstanceFencedException");
    private static final Set<String> ENTRY_POINTS = Set.of("Decant", "Migration", "StatusAssembly", "StatusReport",
            "LiveEvidence", "MigrationTables", "StoreConnections");

    /** Each package is a slice of its own, and the root package three (see {@link #VOCABULARY}). */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            if (!c.getPackageName().startsWith("io.decant")) {
                return SliceIdentifier.ignore();
            }
            if (c.getPackageName().equals("io.decant")) {
                String top = c.getName().replaceAll("^io\\.decant\\.|\\$.*$", "");
                return SliceIdentifier.of(VOCABULARY.contains(top) ? "io.decant (vocabulary)"
                        : ENTRY_POINTS.contains(top) ? "io.decant (entry points)" : "io.decant (options and results)");
            }
            return SliceIdentifier.of(c.getPackageName());
        }

        @Override
        public String getDescription() {
            return "the packages of io.decant";
        }
    };

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(CLASSES);
    }

    /** The rule above is not vacuous: on two test packages that use each other it reports the cycle. */
    @Test
    void theCycleRuleReportsACycleBetweenTwoPackages() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("io.decant.architecture.cycle");
        EvaluationResult result = slices().assignedFrom(PACKAGES).should().beFreeOfCycles().evaluate(cyclic);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("io.decant.architecture.cycle.a").contains("io.decant.architecture.cycle.b");
    }

    @Test
    void theCoreKnowsNoStoreModuleAndNoCommandLine() {
        noClasses().that().resideInAnyPackage("io.decant", "io.decant.config..", "io.decant.internal..", "io.decant.spi..",
                        "io.decant.store..", "io.decant.control..", "io.decant.driver..", "io.decant.metrics..", "io.decant.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decant.jdbc..", "io.decant.http..",
                        "io.decant.service..", "io.decant.cli..")
                .check(CLASSES);
    }

    @Test
    void storeModulesKnowNothingOfEachOtherNorOfTheCommandLine() {
        noClasses().that().resideInAPackage("io.decant.jdbc..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decant.http..", "io.decant.service..", "io.decant.cli..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.decant.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decant.jdbc..", "io.decant.service..", "io.decant.cli..")
                .check(CLASSES);
        // the service side serves a table over a DataSource: it builds on decant-jdbc's tables and dialects
        noClasses().that().resideInAPackage("io.decant.service..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decant.http..", "io.decant.cli..")
                .check(CLASSES);
    }

    /** The engines reach stores only through the store SPI, and the SPI for users knows no store contract. */
    @Test
    void theUsersSpiStaysBelowTheStoreContracts() {
        noClasses().that().resideInAPackage("io.decant.spi")
                .should().dependOnClassesThat().resideInAnyPackage("io.decant.store..", "io.decant.control..", "io.decant.driver..",
                        "io.decant.internal..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.decant.store")
                .should().dependOnClassesThat().resideInAnyPackage("io.decant.control..", "io.decant.driver..", "io.decant.internal..")
                .check(CLASSES);
    }
}
