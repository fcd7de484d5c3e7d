package io.decant.jdbc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Engines stay free of SQL and of this module; dialects stay free of phases. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.decant");

    @Test
    void dialectsKnowNothingOfPhasesOrEngines() {
        noClasses().that().resideInAPackage("io.decant.jdbc.dialect..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.decant.Phase")
                .orShould().dependOnClassesThat().resideInAPackage("io.decant.internal..")
                .check(CLASSES);
    }

    /**
     * No JDBC access in the engines or the SPI. The temporal value classes {@code java.sql.Timestamp},
     * {@code Date} and {@code Time} are allowed: they are values a row mapper may hand over, which
     * the core normalizes, not database access.
     */
    @Test
    void enginesAndTheSpiHoldNoSql() {
        noClasses().that().resideInAnyPackage("io.decant.internal..", "io.decant.spi..", "io.decant.store..", "io.decant.control..",
                        "io.decant.driver..")
                .should().dependOnClassesThat(JDBC_ACCESS)
                .orShould().dependOnClassesThat().resideInAnyPackage("javax.sql..", "io.decant.jdbc..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    private static final DescribedPredicate<JavaClass> JDBC_ACCESS = DescribedPredicate.describe(
            "are JDBC classes (java.sql.., except the Timestamp, Date and Time values)",
            c -> c.getPackageName().equals("java.sql")
                    && !List.of("java.sql.Timestamp", "java.sql.Date", "java.sql.Time").contains(c.getName()));
}
