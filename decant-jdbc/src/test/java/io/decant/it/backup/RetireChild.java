package io.decant.it.backup;

import io.decant.Decant;
import io.decant.ProgressListener;
import io.decant.config.RetireSettings;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.nio.file.Path;

/**
 * A separate process that retires the fixture's migration slowly, so that a test can kill it with
 * SIGKILL half-way. Arguments: engine, legacy name, legacy url, service name, service url, user
 * ("-" for none), password ("-" for none), backup file, batch rows, rows per second.
 */
public final class RetireChild {
    private RetireChild() {
    }

    public static void main(String[] args) {
        Engine engine = Engine.valueOf(args[0]);
        String user = "-".equals(args[5]) ? null : args[5];
        String password = "-".equals(args[6]) ? null : args[6];
        Database legacy = new Database(engine, args[1], args[2], user, password);
        Database service = new Database(engine, args[3], args[4], user, password);
        RetireSettings throttled = new RetireSettings(Integer.parseInt(args[8]), Long.parseLong(args[9]));
        try (Decant decant = Decant.open(BackupFixture.config(legacy, service, throttled))) {
            decant.retire(BackupFixture.MIGRATION, Path.of(args[7]), false, "child@test", ProgressListener.NONE);
        }
        System.out.println("retire finished");
    }
}
