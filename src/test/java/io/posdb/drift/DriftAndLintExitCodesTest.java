package io.posdb.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.database.SqliteDatabase;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.UnmappedObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented exit codes 11 and 12 from the command line (run in this JVM, as a process runs
 * it: BadInputProcessTest and DocumentedExitCodesProcessTest prove a real process's mapping); and
 * 0 for a boot of a file with objects the changelog does not own.
 */
@ExtendWith(QuietLogs.class)
class DriftAndLintExitCodesTest {

    @TempDir
    Path dir;

    @Test
    void strictBootOfADriftedDatabaseExitsTwelveAndDriftSaysWhy() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(PosdbInProcess.run("boot", "--db", file.toString()).exitCode()).isZero();
        try (Connection connection = SqliteDatabase.at(file).open()) {
            HandChange.INDEX_DROPPED.onSqlite(connection);
        }

        PosdbProcess.Result strict = PosdbInProcess.run("boot", "--strict-schema", "--db", file.toString());
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());

        assertThat(strict.exitCode()).isEqualTo(12);
        assertThat(strict.stderr()).contains(HandChange.INDEX_DROPPED.difference);
        assertThat(drift.exitCode()).isEqualTo(12);
        assertThat(drift.stdout()).contains(HandChange.INDEX_DROPPED.difference);
    }

    @Test
    void bootOfAFileWithHandMadeObjectsExitsZeroAndDriftNamesThem() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(PosdbInProcess.run("boot", "--db", file.toString()).exitCode()).isZero();
        try (Connection connection = SqliteDatabase.at(file).open(); Statement statement = connection.createStatement()) {
            statement.execute(UnmappedObjects.REPORTING_VIEW);
            statement.execute(UnmappedObjects.UNTYPED_TABLE);
        }

        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", file.toString());
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isZero();
        assertThat(drift.exitCode()).isEqualTo(12);
        assertThat(drift.stdout()).contains(UnmappedObjects.NOT_OWNED);
    }

    @Test
    void lintOfABadChangelogExitsEleven() throws Exception {
        Path master = Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("changelog")), "0012-x.yaml", """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/0012-x.yaml
                  - changeSet:
                      id: 0012-x
                      author: posdb
                      labels: release-2.0
                      changes:
                        - dropColumn: { tableName: product, columnName: stock }
                      rollback:
                        - empty: {}
                """);

        PosdbProcess.Result lint = PosdbInProcess.run("lint", "--changelog", master.toString());

        assertThat(lint.exitCode()).isEqualTo(11);
        assertThat(lint.stdout()).contains("changelog/changes/0012-x.yaml:8: DROP_COLUMN error: dropColumn deletes "
                + "column product.stock and its values");
    }
}
