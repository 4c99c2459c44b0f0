package io.posdb.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.UnmappedObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented exit codes 11 and 12, from real posdb processes; and 0 for a boot of a file
 * with objects the changelog does not own.
 */
@Tag("process")
class DriftAndLintProcessTest {

    @TempDir
    Path dir;

    @Test
    void strictBootOfADriftedDatabaseExitsTwelveAndDriftSaysWhy() throws Exception {
        assertThat(PosdbProcess.run(dir, "boot").exitCode()).isZero();
        try (Connection connection = io.posdb.database.SqliteDatabase.at(dir.resolve("data/pos.db")).open()) {
            HandChange.INDEX_DROPPED.onSqlite(connection);
        }

        PosdbProcess.Result strict = PosdbProcess.run(dir, "boot", "--strict-schema");
        PosdbProcess.Result drift = PosdbProcess.run(dir, "drift");

        assertThat(strict.exitCode()).isEqualTo(12);
        assertThat(strict.stderr()).contains(HandChange.INDEX_DROPPED.difference);
        assertThat(drift.exitCode()).isEqualTo(12);
        assertThat(drift.stdout()).contains(HandChange.INDEX_DROPPED.difference);
    }

    @Test
    void bootOfAFileWithHandMadeObjectsExitsZeroAndDriftNamesThem() throws Exception {
        assertThat(PosdbProcess.run(dir, "boot").exitCode()).isZero();
        try (Connection connection = io.posdb.database.SqliteDatabase.at(dir.resolve("data/pos.db")).open();
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute(UnmappedObjects.REPORTING_VIEW);
            statement.execute(UnmappedObjects.UNTYPED_TABLE);
        }

        PosdbProcess.Result boot = PosdbProcess.run(dir, "boot");
        PosdbProcess.Result drift = PosdbProcess.run(dir, "drift");

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

        PosdbProcess.Result lint = PosdbProcess.run(dir, "lint", "--changelog", master.toString());

        assertThat(lint.exitCode()).isEqualTo(11);
        assertThat(lint.stdout()).contains("changelog/changes/0012-x.yaml:8: DROP_COLUMN error: dropColumn deletes "
                + "column product.stock and its values");
    }
}
