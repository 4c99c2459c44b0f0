package io.posdb.safety;

import static io.posdb.testsupport.RollbackFixture.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.bench.LegacyDatabaseGenerator;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.KillOnLogLine;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 §4: {@code rollback --tag v1.0} killed with -9 inside a changeset's rollback (placed by
 * that changeset's log line), then {@code boot}: the boot restores the file as it was before the
 * rollback, finds nothing pending, and nothing is lost or doubled. A second kill, during that
 * boot's restore, is redone by the boot after it. Both journal modes.
 */
@Tag("process")
@Tag("slow")
class KilledRollbackTest {

    private static final List<String> KILL_LINES = List.of(
            "Rolling back migration: 0010-enforce-user-role-constraint",
            "Rebuilt table user",
            "Rolling back migration: 0008-remap-user-roles");

    @TempDir
    Path dir;

    @Test
    void killedInsideARollbackChangeSetTheNextBootRestoresTheFileBeforeTheRollback() throws Exception {
        killAtEachLineThenBoot("DELETE");
    }

    /** A WAL file: the killed rollback's -wal must not be replayed into the restored pages. */
    @Test
    void killedInsideARollbackChangeSetOfAWalFileTheNextBootRestoresTheFileBeforeTheRollback() throws Exception {
        killAtEachLineThenBoot("WAL");
    }

    private void killAtEachLineThenBoot(String journalMode) throws Exception {
        Path upgraded = upgradedShop(journalMode);
        Map<String, List<String>> business = DatabaseContents.businessRows(upgraded);
        String audit = query(upgraded, "SELECT COUNT(*) FROM data_migration_audit");
        String history = query(upgraded, "SELECT group_concat(ID) FROM DATABASECHANGELOG");

        for (int i = 0; i < KILL_LINES.size(); i++) {
            String line = KILL_LINES.get(i);
            Path work = Files.createDirectories(dir.resolve("kill-" + i));
            Path file = Files.copy(upgraded, work.resolve("pos.db"), StandardCopyOption.REPLACE_EXISTING);
            Process rollback = PosdbProcess.start(work, work.resolve("out"), work.resolve("err"),
                    "rollback", "--tag", "v1.0", "--db", file.toString());

            assertThat(KillOnLogLine.kill(rollback, work.resolve("err"), line))
                    .as("rollback was still running at '%s'", line).isTrue();
            // A second power cut, while the next boot restores: the restore itself is redone.
            KillOnLogLine.Outcome recovering = KillOnLogLine.run(work, "was interrupted; restoring",
                    "boot", "--db", file.toString());
            assertThat(recovering.killed()).as("the recovering boot restored: %s", recovering.stderr()).isTrue();
            assertThat(recovering.stderr()).as("the boot names what it undoes").contains("The previous rollback of ");
            boolean restoreCut = Files.exists(work.resolve("pos.db.upgrading"));
            PosdbProcess.Result boot = PosdbProcess.run(work, "boot", "--db", file.toString());

            assertThat(boot.exitCode()).as("boot after kill at '%s': %s", line, boot.stderr()).isZero();
            assertThat(boot.stderr()).contains("No pending migrations detected");
            if (restoreCut) { // the kill landed before the restore finished: this boot must redo it
                assertThat(boot.stderr()).contains("was interrupted; restoring")
                        .contains("to its state before the rollback").doesNotContain("before the upgrade");
            }
            assertThat(query(file, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(query(file, "PRAGMA journal_mode")).isEqualToIgnoringCase(journalMode);
            assertThat(DatabaseContents.businessRows(file)).as("business data after kill at '%s'", line)
                    .isEqualTo(business);
            assertThat(query(file, "SELECT COUNT(*) FROM \"user\" WHERE role NOT IN ('admin', 'user')")).isEqualTo("0");
            assertThat(query(file, "SELECT COUNT(*) FROM data_migration_audit")).as("audit rows").isEqualTo(audit);
            assertThat(query(file, "SELECT group_concat(ID) FROM DATABASECHANGELOG")).isEqualTo(history);
            assertThat(work.resolve("pos.db.upgrading")).doesNotExist();
        }
    }

    private Path upgradedShop(String journalMode) throws Exception {
        Path file = LegacyDatabaseGenerator.generate(dir.resolve("upgraded.db"), 60_000, 5_000);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA journal_mode = " + journalMode)) {
            rs.next();
        }
        PosdbProcess.Result boot = PosdbProcess.run(dir, "boot", "--db", file.toString());
        assertThat(boot.exitCode()).as("first boot: %s", boot.stderr()).isZero();
        return file;
    }
}
