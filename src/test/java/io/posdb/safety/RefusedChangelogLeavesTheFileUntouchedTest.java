package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.failure.BootFailure;
import io.posdb.migration.sqlite.guard.SqliteHazard;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A changelog the upgrade cannot use is refused before anything beside the shop is copied or written: a pending
 * changeset whose change type SQLite refuses (the hazard guard, Liquibase's validation) gets no snapshot, no run
 * record and no restore, and says the database was not changed; a changelog that cannot be read leaves no upgrade
 * lock file (nor a folder for a database that does not exist yet). Real files in both journal modes: in WAL mode with
 * sales committed only to the {@code -wal}, which must not be checkpointed away; in rollback-journal mode (for the
 * unreadable changelog, beside a {@code -journal} a power cut left, which only the lock's holder rolls back).
 */
@ExtendWith(QuietLogs.class)
class RefusedChangelogLeavesTheFileUntouchedTest {

    private static final String ID = Changelogs.nextNumber() + "-product-category-fk";
    private static final String FILE = "changelog/changes/" + ID + ".yaml";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(JournalMode.class)
    void bootRefusesAChangeTypeSqliteRefusesBeforeTheSnapshot(JournalMode mode) throws Exception {
        assertRefusedBeforeTheSnapshot("boot", mode);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JournalMode.class)
    void updateRefusesAChangeTypeSqliteRefusesBeforeTheSnapshot(JournalMode mode) throws Exception {
        assertRefusedBeforeTheSnapshot("update", mode);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JournalMode.class)
    void rehearseRefusesAChangeTypeSqliteRefusesBeforeItsCopyIsSnapshotted(JournalMode mode) throws Exception {
        Path shop = shop(mode);
        Map<String, String> before = Bytes.folder(shop.getParent());

        PosdbProcess.Result rehearse;
        try (CapturedLogs logs = new CapturedLogs()) {
            rehearse = PosdbInProcess.run("rehearse", "--db", shop.toString(), "--changelog",
                    changelogWithAForeignKey().toString());
            assertThat(logs.messages()).as("the rehearsal's log").noneMatch(line -> line.startsWith("Snapshot of "))
                    .noneMatch(line -> line.startsWith("Restored "));
        }

        assertThat(rehearse.exitCode()).as(rehearse.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(rehearse.stdout() + rehearse.stderr()).contains(SqliteHazard.ADD_FOREIGN_KEY_CONSTRAINT.refusal())
                .doesNotContain("restored");
        assertThat(Bytes.folder(shop.getParent())).as("the shop's folder").isEqualTo(before);
    }

    @Test
    void aChangeTypeSqliteRefusesCreatesNoNewDatabaseNorItsFolder() throws Exception {
        Path folder = dir.resolve("new-shop");
        Path shop = folder.resolve("pos.db");

        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", shop.toString(), "--changelog",
                changelogWithAForeignKey().toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(refusalLine("boot", boot)).contains(SqliteHazard.ADD_FOREIGN_KEY_CONSTRAINT.refusal(),
                "the database was not changed");
        assertThat(folder).as("the database's folder").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JournalMode.class)
    void aChangelogMissingAnIncludeLeavesNoLockFileBesideAShopWithSomethingToRecover(JournalMode mode)
            throws Exception {
        // WAL: sales only in the -wal; rollback journal: a transaction a power cut left in the -journal, which
        // only the upgrade lock's holder rolls back (the plan is not read before the lock beside it).
        Path shop = mode == JournalMode.WAL ? WalFiles.shopWithHotWal(shopPath(), 3)
                : WalFiles.shopWithHotJournal(shopPath(), 40);
        Map<String, String> before = Bytes.folder(shop.getParent());

        for (String command : new String[] {"boot", "update"}) {
            PosdbProcess.Result run = PosdbInProcess.run(command, "--db", shop.toString(), "--changelog",
                    changelogMissingAnInclude().toString());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
            assertThat(refusalLine(command, run)).contains("9999-not-there.yaml");
            assertThat(Bytes.folder(shop.getParent())).as(command + " on the shop's folder").isEqualTo(before);
        }
    }

    @Test
    void aChangelogMissingAnIncludeLeavesAnInterruptedUpgradeAsItWasForTheNextBoot() throws Exception {
        // The snapshot and marker a killed upgrade left, beside a WAL file whose checkpoint was cut short: the
        // restore needs the lock, and the next boot with a changelog it can read makes it.
        Path snapshot = WalFiles.interruptedUpgradeWithCutCheckpoint(shopPath(), 400);
        Map<String, String> before = Bytes.folder(snapshot.getParent());

        for (String command : new String[] {"boot", "update"}) {
            PosdbProcess.Result run = PosdbInProcess.run(command, "--db", dir.resolve("shop/pos.db").toString(),
                    "--changelog", changelogMissingAnInclude().toString());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
            assertThat(refusalLine(command, run)).contains("9999-not-there.yaml");
            assertThat(Bytes.folder(snapshot.getParent())).as(command + " on the shop's folder").isEqualTo(before);
        }
    }

    @Test
    void aChangelogThatDoesNotExistLeavesNeitherALockFileNorAFolderForANewDatabase() {
        Path folder = dir.resolve("new-shop");
        Path missing = dir.resolve("no-such-changelog.yaml");

        for (String command : new String[] {"boot", "update"}) {
            PosdbProcess.Result run = PosdbInProcess.run(command, "--db", folder.resolve("pos.db").toString(),
                    "--changelog", missing.toString());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
            assertThat(refusalLine(command, run)).contains(missing.getFileName().toString());
            assertThat(folder).as(command + ": the database's folder").doesNotExist();
        }
    }

    /**
     * Runs {@code command} on a shop in {@code mode} with a changeset adding a foreign key pending: refused as the
     * guard words it, with a failed changeset's exit code, saying the database was not changed, and the folder as it
     * was: the file and its -wal byte for byte, no snapshot, marker or lock file.
     */
    private void assertRefusedBeforeTheSnapshot(String command, JournalMode mode) throws Exception {
        Path shop = shop(mode);
        Map<String, String> before = Bytes.folder(shop.getParent());

        PosdbProcess.Result run = PosdbInProcess.run(command, "--db", shop.toString(), "--changelog",
                changelogWithAForeignKey().toString());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        String refusal = refusalLine(command, run);
        assertThat(refusal).contains("changeset " + ID + " (" + FILE + "): "
                + SqliteHazard.ADD_FOREIGN_KEY_CONSTRAINT.refusal(), shop.toString(), "the database was not changed")
                .doesNotContain("restored");
        assertThat(Bytes.folder(shop.getParent())).as("the shop's folder").isEqualTo(before);
    }

    /** The legacy shop in {@code mode}; in WAL mode with sales committed only to a non-empty -wal. */
    private Path shop(JournalMode mode) throws Exception {
        Path shop = mode == JournalMode.WAL ? WalFiles.shopWithHotWal(shopPath(), 3)
                : WalFiles.shop(shopPath(), JournalMode.DELETE);
        if (mode == JournalMode.WAL) {
            assertThat(Files.size(shop.resolveSibling(shop.getFileName() + "-wal"))).as("the -wal").isPositive();
        }
        return shop;
    }

    private Path shopPath() throws Exception {
        return Files.createDirectories(dir.resolve("shop")).resolve("pos.db");
    }

    private Path changelogWithAForeignKey() throws Exception {
        return Changelogs.withExtraChangeSet(Files.createTempDirectory(dir, "changelog"), ID + ".yaml", """
                databaseChangeLog:
                  - logicalFilePath: %s
                  - changeSet:
                      id: %s
                      author: posdb
                      labels: %s
                      changes:
                        - addForeignKeyConstraint: { baseTableName: product, baseColumnNames: category_id, \
                constraintName: fk_product_category, referencedTableName: category, referencedColumnNames: id }
                """.formatted(FILE, ID, Changelogs.nextReleaseLabel()));
    }

    private Path changelogMissingAnInclude() throws Exception {
        Path master = Changelogs.copyOfProjectChangelog(Files.createTempDirectory(dir, "changelog"));
        Files.writeString(master, Files.readString(master)
                + "  - include: { file: changes/9999-not-there.yaml, relativeToChangelogFile: true }\n");
        return master;
    }

    private static String refusalLine(String command, PosdbProcess.Result run) {
        return run.stderr().lines().filter(line -> line.startsWith("posdb " + command + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no refusal line in: " + run.stderr()));
    }
}
