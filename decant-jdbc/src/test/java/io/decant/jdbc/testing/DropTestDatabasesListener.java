package io.decant.jdbc.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Drops the test databases of a test class when it has finished (its {@code @AfterAll} methods
 * and extensions included), so a test run does not pile up databases until the JVM exits.
 * Registered through {@code META-INF/services}: every test JVM whose class path has the
 * decant-jdbc test classes runs it, whatever the test does or forgets to close.
 *
 * <p>Databases are dropped only when no test class is running, so test classes run in parallel
 * in one JVM never lose a database in use; nested classes drop with their outermost class.
 */
public final class DropTestDatabasesListener implements TestExecutionListener {
    private final AtomicInteger runningClasses = new AtomicInteger();

    @Override
    public void executionStarted(TestIdentifier id) {
        if (isClass(id)) {
            runningClasses.incrementAndGet();
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (isClass(id) && runningClasses.decrementAndGet() == 0) {
            TestDatabases.dropAllCreatedSoFar();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        TestDatabases.dropAllCreatedSoFar();
        TestDatabases.awaitDrops(60);
    }

    private static boolean isClass(TestIdentifier id) {
        return id.isContainer() && id.getSource().filter(ClassSource.class::isInstance).isPresent();
    }
}
