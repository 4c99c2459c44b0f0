package io.posdb.migration.sqlite.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot's refusal of a listed change type that a changeset uses in its changes and in its rollback block: one
 * refusal per type, saying which block holds it (lint gives each its line), not the same sentence twice on one
 * line with nothing to tell the rollback's copy from the change's.
 */
@ExtendWith(QuietLogs.class)
class HazardInChangesAndRollbackAtBootTest {

    private static final String ID = Changelogs.nextNumber() + "-widen-product-name";
    private static final String FILE = "changelog/changes/" + ID + ".yaml";

    @TempDir
    Path dir;

    @Test
    void aTypeInTheChangesAndTheRollbackIsRefusedOnceSayingItIsInBoth() throws Exception {
        PosdbProcess.Result boot = boot("""
                        - modifyDataType: { tableName: product, columnName: name, newDataType: TEXT }
                """, """
                        - modifyDataType: { tableName: product, columnName: name, newDataType: VARCHAR(255) }
                """);

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        String refusal = refusalLine(boot);
        assertThat(refusal.split("modifyDataType is refused on SQLite", -1)).as(refusal).hasSize(2);
        assertThat(refusal).contains("changeset " + ID + " (" + FILE + "), in its changes and in its rollback: "
                + SqliteHazard.MODIFY_DATA_TYPE.refusal());
    }

    @Test
    void aTypeInTheRollbackAloneIsRefusedSayingSoAndTheChangesTypeWithout() throws Exception {
        PosdbProcess.Result boot = boot("""
                        - addColumn: { tableName: category, columns: [ { column: { name: note, type: TEXT } } ] }
                """, """
                        - dropColumn: { tableName: category, columnName: note }
                """);

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        String refusal = refusalLine(boot);
        assertThat(refusal).contains("changeset " + ID + " (" + FILE + "): " + SqliteHazard.ADD_COLUMN.refusal(),
                "changeset " + ID + " (" + FILE + "), in its rollback: " + SqliteHazard.DROP_COLUMN.refusal());
        assertThat(refusal.split("is refused on SQLite", -1)).as(refusal).hasSize(3);
    }

    /** Boots a legacy shop with the project's changelog plus one changeset of {@code changes} and {@code rollback}. */
    private PosdbProcess.Result boot(String changes, String rollback) throws Exception {
        Path shop = LegacyDatabases.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"));
        Map<String, List<String>> rowsBefore = DatabaseContents.businessRows(shop);
        Map<String, String> schemaBefore = DatabaseContents.schema(shop);
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), ID + ".yaml", """
                databaseChangeLog:
                  - logicalFilePath: %s
                  - changeSet:
                      id: %s
                      author: posdb
                      labels: %s
                      changes:
                %s      rollback:
                %s""".formatted(FILE, ID, Changelogs.nextReleaseLabel(), changes, rollback));

        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", shop.toString(), "--changelog",
                changelog.toString());

        assertThat(DatabaseContents.businessRows(shop)).isEqualTo(rowsBefore);
        assertThat(DatabaseContents.schema(shop)).isEqualTo(schemaBefore);
        return boot;
    }

    private static String refusalLine(PosdbProcess.Result boot) {
        return boot.stderr().lines().filter(line -> line.startsWith("posdb boot: ")).findFirst().orElseThrow();
    }
}
