package io.decant.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shape of the whole product, over every module's classes: no dependency cycle between packages,
 * each module depends only on the modules below it (core ← jdbc, http; jdbc ← service; all ← cli),
 * and decant-jdbc knows which database engine a store is in one place only (its engine seam). A new
 * cycle, a dependency against a module's direction or a new engine test outside the seam fails here,
 * naming the classes.
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

    // --- one engine seam per database -----------------------------------------------------------

    /** The package that decides which engine a store is, and the only one that may name an engine's own classes. */
    private static final String ENGINE_SEAM = "io.decant.jdbc.engine";

    /**
     * An engine's own class in decant-jdbc: its engine ({@code PostgresEngine}), its SQL vocabularies
     * ({@code PostgresDialect}, {@code MariaDbControlSql}, {@code PostgresHashSql}, …) and their helpers
     * ({@code PostgresNewOnlyRecord}), named by the engine they belong to.
     */
    private static final DescribedPredicate<JavaClass> ENGINE_OWN = DescribedPredicate.describe(
            "are an engine's own classes of decant-jdbc (io.decant.jdbc.., named Postgres… or MariaDb…)",
            c -> c.getPackageName().startsWith("io.decant.jdbc") && engineNamed(c));

    /** Engine-neutral code: outside the seam, and not itself one of an engine's own classes. */
    private static final DescribedPredicate<JavaClass> ENGINE_NEUTRAL = DescribedPredicate.describe(
            "are engine-neutral (outside " + ENGINE_SEAM + " and not an engine's own class)",
            c -> !c.getPackageName().equals(ENGINE_SEAM) && !ENGINE_OWN.test(c));

    private static boolean engineNamed(JavaClass c) {
        String top = c.getName().substring(c.getPackageName().length() + 1).replaceAll("\\$.*$", "");
        return top.startsWith("Postgres") || top.startsWith("MariaDb");
    }

    /**
     * Outside the engine seam, nothing names an engine's own class: decant-jdbc's backfill, backup,
     * control, verify, driver and root packages, decant-service and every other module ask a store's
     * {@code Engine} (what it hands out, what it answers) instead of constructing a dialect or testing
     * which engine they have. An engine's own classes may live beside the code that uses them (the
     * control store's and verification's SQL do) and name each other.
     */
    private static final ArchRule ONLY_THE_SEAM_NAMES_AN_ENGINE = noClasses().that(ENGINE_NEUTRAL)
            .should().dependOnClassesThat(ENGINE_OWN)
            .because("a store's engine is decided once, in " + ENGINE_SEAM + ": ask the store's Engine");

    @Test
    void onlyTheEngineSeamNamesAnEnginesOwnClasses() {
        ONLY_THE_SEAM_NAMES_AN_ENGINE.check(CLASSES);
    }

    /** The rule above is not vacuous: a class outside the seam that constructs PostgreSQL's dialect breaks it. */
    @Test
    void theEngineSeamRuleReportsAClassThatConstructsADialect() {
        JavaClasses outside = new ClassFileImporter().importPackages("io.decant.architecture.seam");
        EvaluationResult result = ONLY_THE_SEAM_NAMES_AN_ENGINE.evaluate(outside);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("io.decant.architecture.seam.EngineTest").contains("io.decant.jdbc.dialect.PostgresDialect");
    }

    /**
     * A database driver's own API ({@code org.postgresql..}, {@code org.mariadb..}) is used in decant-jdbc
     * only by the backfill's PostgreSQL-only paths, which run where the source's and target's engines
     * say they speak {@code COPY} and carry transaction ids: the {@code COPY} pipes and loads and the
     * snapshot copy with its safety argument (see the backfill package's documentation).
     */
    private static final Set<String> DRIVER_API_USERS = Set.of("io.decant.jdbc.backfill.ChunkTransfer",
            "io.decant.jdbc.backfill.CopyTextBuffer", "io.decant.jdbc.backfill.RangeLoad",
            "io.decant.jdbc.backfill.SnapshotChunkCopy");

    @Test
    void onlyTheBackfillsPostgresOnlyPathsUseADriversOwnApi() {
        noClasses().that().resideInAPackage("io.decant.jdbc..")
                .and(DescribedPredicate.describe("are not one of " + DRIVER_API_USERS,
                        c -> !DRIVER_API_USERS.contains(c.getName().replaceAll("\\$.*$", ""))))
                .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "org.mariadb..")
                .check(CLASSES);
    }
}
