package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.upgrade.sqlite.UpgradeLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class ReleaseLocksCommandTest {

    @TempDir
    Path dir;

    @Test
    void releasesAStaleLiquibaseLockNamingItsHolder() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(PosdbProcess.run(dir, "update", "--db", file.toString()).exitCode()).isZero();
        execute(file, "UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'till-3', "
                + "LOCKGRANTED = '2026-11-20 07:00:00' WHERE ID = 1");

        PosdbProcess.Result result = PosdbProcess.run(dir, "release-locks", "--db", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("till-3");
        assertThat(lockedRows(file)).isZero();
    }

    @Test
    void refusesWhileALiveProcessHoldsTheUpgradeLock() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(PosdbProcess.run(dir, "update", "--db", file.toString()).exitCode()).isZero();
        execute(file, "UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'me' WHERE ID = 1");

        try (UpgradeLock held = UpgradeLock.acquire(file, Duration.ZERO)) {
            PosdbProcess.Result result = PosdbProcess.run(dir, "release-locks", "--db", file.toString());

            assertThat(result.exitCode()).isEqualTo(8);
            assertThat(result.stderr()).contains("pid " + ProcessHandle.current().pid());
        }
        assertThat(lockedRows(file)).isEqualTo(1);
    }

    private static void execute(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long lockedRows(Path file) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED <> 0")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
