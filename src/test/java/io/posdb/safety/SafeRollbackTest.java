package io.posdb.safety;

import static io.posdb.testsupport.RollbackFixture.contents;
import static io.posdb.testsupport.RollbackFixture.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationRecords;
import io.posdb.cli.PosdbCommand;
import io.posdb.database.PostgresDatabase;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.RollbackFixture;
import io.posdb.database.SqliteDatabase;
import io.posdb.upgrade.sqlite.UpgradeLock;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Issue 10 §4: {@code posdb rollback} runs inside the upgrade's envelope (lock, checks,
 * snapshot, all-or-nothing), and {@code --changelog} is honoured by rollback and update-sql.
 * The shop is the legacy fixture upgraded through the real changelog plus two 2.1 changesets
 * ({@link RollbackFixture}); the first one's rollback fails.
 */
@ExtendWith(QuietLogs.class)
class SafeRollbackTest {

    @TempDir
    Path dir;

    /** Where {@link #upgradedShop} updates a shop once per journal mode for the class. */
    @TempDir
    static Path prepared;
    private static final Map<String, Path> UPDATED = new HashMap<>();

    private Path file;
    private Path changelog;
    private StringWriter out;
    private StringWriter err;

    /**
     * The legacy shop updated with the note changesets, in the test's folder: a copy of what that update left (the
     * file, its lock file, the update's snapshot), made once per journal mode for the class. The update is the
     * starting point of the rollback tests, not what they test, and took 1 to 2 s of each of 9. The files name
     * neither folder (the history records the changelog as {@code changelog/db.changelog-master.yaml}); the test's
     * own copy of the changelog is the one its commands are given.
     */
    private void upgradedShop(String journalMode) throws Exception {
        Path made = UPDATED.get(journalMode);
        if (made == null) {
            made = Files.createDirectory(prepared.resolve(journalMode));
            Path shop = RollbackFixture.legacyShop(made.resolve("pos.db"), journalMode);
            Path notes = RollbackFixture.changelogWithNotes(prepared.resolve("changelog-" + journalMode));
            assertThat(posdb("update", "--db", shop.toString(), "--changelog", notes.toString()))
                    .as("update: %s", err).isZero();
            assertThat(WalFiles.sideFiles(shop)).as("closed, its WAL checkpointed into the file").isEmpty();
            UPDATED.put(journalMode, made);
        }
        try (Stream<Path> files = Files.list(made)) {
            for (Path one : files.toList()) {
                Files.copy(one, dir.resolve(one.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        file = dir.resolve("pos.db");
        changelog = RollbackFixture.changelogWithNotes(dir);
    }

    private int posdb(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void aRollbackThatFailsPartwayLeavesTheFileAsItWasAndExits1(String journalMode) throws Exception {
        upgradedShop(journalMode);
        Map<String, Object> before = contents(file);

        int exit = posdb("rollback", "--count", "2", "--db", file.toString(), "--changelog", changelog.toString());

        assertThat(exit).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(err.toString()).startsWith("posdb rollback: changeset 0012-till-notes failed (exit 1)")
                .contains("no such table: no_such_table")
                .contains("the database was restored to its state before the rollback");
        // A rehearsal tries upgrades only: it is no way to try a rollback on a copy.
        assertThat(err.toString().lines().filter(line -> line.startsWith("  to do:"))).singleElement().asString()
                .endsWith("then run rollback again").doesNotContain("rehearse");
        assertThat(contents(file)).isEqualTo(before);
        assertThat(query(file, "PRAGMA integrity_check")).isEqualTo("ok");
        assertThat(query(file, "PRAGMA journal_mode")).isEqualToIgnoringCase(journalMode);
        assertThat(file.resolveSibling("pos.db.upgrading")).doesNotExist();
    }

    /**
     * Liquibase refuses to roll back a changeset of raw SQL without a rollback: block with "No inverse to
     * liquibase.change.core.RawSQLChange created"; the operator reads which changeset, its file and why, in the
     * changelog's words, and --json names it as a failed update's changeset is named.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void aRollbackOfAChangeSetWithoutARollbackNamesItAndItsFileAndSaysItHasNone(String journalMode) throws Exception {
        Path master = shopWithAChangeSetWithoutARollback(journalMode);
        Map<String, Object> before = contents(file);

        int exit = posdb("rollback", "--count", "1", "--db", file.toString(), "--changelog", master.toString(),
                "--json");

        assertThat(exit).as(err.toString()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(err.toString()).contains("changeset " + noRollbackId + " failed", "it has no rollback",
                "cannot undo its changes (sql)", "changelog/changes/" + noRollbackId + ".yaml")
                .doesNotContain("RawSQLChange", "liquibase.", "inverse");
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("failed_changeset").asText()).isEqualTo(noRollbackId);
        assertThat(json.path("failed_changeset_file").asText()).isEqualTo("changelog/changes/" + noRollbackId + ".yaml");
        assertThat(json.path("error").asText()).contains("it has no rollback").doesNotContain("RawSQLChange");
        assertThat(contents(file)).isEqualTo(before);
    }

    /**
     * Liquibase finds a changeset it cannot undo only on reaching it, after the snapshot, the run's record and the
     * newer changesets' undo; posdb picks the changesets as Liquibase does and refuses it before any of them: the
     * shop's folder (every file, byte for byte: no snapshot, no marker, no run recorded in the file) is as it was,
     * and the block says the database was not changed, where it said it was restored.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void aRollbackOfAChangeSetLiquibaseCannotUndoIsRefusedBeforeTheSnapshotWithTheFolderAsItWas(String journalMode)
            throws Exception {
        Path master = shopWithAChangeSetWithoutARollback(journalMode);
        Map<String, String> folderBefore = Bytes.folder(dir);

        int exit = posdb("rollback", "--count", "1", "--db", file.toString(), "--changelog", master.toString());

        assertThat(exit).as(err.toString()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(err.toString()).startsWith("posdb rollback: changeset " + noRollbackId + " failed (exit 1)")
                .contains("it has no rollback", "cannot undo its changes (sql)",
                        "database: the database was not changed: the rollback was refused before it wrote anything")
                .doesNotContain("restored");
        assertThat(Bytes.folder(dir)).isEqualTo(folderBefore);
    }

    /**
     * The library's rollback to a tag ({@link PosDatabaseMaintenance#rollbackToTag}) refuses the same way: the
     * newest changeset after the tag that Liquibase cannot undo is named before anything is written.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void aRollbackToATagPastAChangeSetLiquibaseCannotUndoIsRefusedWithTheFolderAsItWas(String journalMode)
            throws Exception {
        Path master = shopWithAChangeSetWithoutARollback(journalMode);
        Map<String, String> folderBefore = Bytes.folder(dir);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build();

        assertThatThrownBy(() -> PosDatabaseMaintenance.rollbackToTag(settings, "v1.0"))
                .isInstanceOfSatisfying(PosDatabaseException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(BootFailure.MIGRATION_FAILED);
                    assertThat(refused.after()).isEqualTo(AfterFailure.UNCHANGED);
                    assertThat(FailedChangeSet.in(refused)).map(FailedChangeSet::id).contains(noRollbackId);
                    assertThat(FailedChangeSet.in(refused)).map(FailedChangeSet::file)
                            .contains("changelog/changes/" + noRollbackId + ".yaml");
                    assertThat(refused.getMessage()).contains("Rollback failed on " + file,
                            "changeset " + noRollbackId, "it has no rollback", "the database was not changed");
                });
        assertThat(Bytes.folder(dir)).isEqualTo(folderBefore);
    }

    /**
     * On a server the same rollback over a changeset Liquibase cannot undo is refused as on a file: under the advisory
     * lock, before its one transaction and the run's record, with the same exit code, block and --json (the database's
     * name aside), so no attempt is recorded on either. Liquibase alone meets that changeset only after undoing the
     * newer ones: the transaction failed and was rolled back, the block and --json said nothing of the database, and
     * the server's record kept a failed attempt in Liquibase's words.
     */
    @Tag("postgres")
    @ParameterizedTest(name = "rollback {0} {1}")
    @CsvSource({"--count, 1", "--tag, v1.0"})
    void onAServerARollbackOfAChangeSetLiquibaseCannotUndoIsRefusedAsOnAFileWithNoAttemptRecorded(String option,
                                                                                                 String value)
            throws Exception {
        Path master = shopWithAChangeSetWithoutARollback("DELETE");
        PosDatabaseSettings onFile = PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build();
        int fileRuns = PosDatabaseChecks.runs(onFile).size();
        int fileExit = posdb("rollback", option, value, "--json", "--db", file.toString(), "--changelog",
                master.toString());
        String fileBlock = err.toString();
        ObjectNode fileJson = withoutTheDatabase(out.toString());
        assertThat(fileJson.path("after").asText()).as(fileBlock).isEqualTo("unchanged");
        assertThat(PosDatabaseChecks.runs(onFile)).as("no attempt recorded in the file").hasSize(fileRuns);

        PostgresDatabase server = PostgresServer.createDatabase();
        try {
            String[] onServer = {"--url", server.description(), "--user", PostgresServer.user(), "--password",
                    PostgresServer.password(), "--changelog", master.toString()};
            assertThat(posdb(Stream.concat(Stream.of("update"), Stream.of(onServer)).toArray(String[]::new)))
                    .as("update: %s", err).isZero();
            PosDatabaseSettings settings = PosDatabaseSettings.of(server).changelog(ChangelogSource.file(master))
                    .build();
            List<HistoryEntry> history = new MigrationRecords(server).history();
            int serverRuns = PosDatabaseChecks.runs(settings).size();

            int serverExit = posdb(Stream.concat(Stream.of("rollback", option, value, "--json"), Stream.of(onServer))
                    .toArray(String[]::new));

            assertThat(serverExit).as(err.toString()).isEqualTo(fileExit)
                    .isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
            assertThat(err.toString()).as("the block, as on a file").isEqualTo(fileBlock);
            assertThat(withoutTheDatabase(out.toString())).as("--json, as on a file").isEqualTo(fileJson);
            assertThat(PosDatabaseChecks.runs(settings)).as("no attempt recorded on the server").hasSize(serverRuns);
            assertThat(new MigrationRecords(server).history()).isEqualTo(history);
        } finally {
            PostgresServer.drop(server);
        }
    }

    /** A command's --json, without the field naming its database (a file here, a server's URL there). */
    private static ObjectNode withoutTheDatabase(String json) throws Exception {
        ObjectNode node = (ObjectNode) new ObjectMapper().readTree(json);
        node.remove("database");
        return node;
    }

    /** The id of the changeset {@link #shopWithAChangeSetWithoutARollback} applies last. */
    private final String noRollbackId = RollbackFixture.noRollbackId();

    /**
     * The legacy shop in the test's folder ({@link #file}), updated with the changelog plus, last, a changeset with an
     * {@code sql} change and no {@code rollback:} ({@link RollbackFixture#changelogWithoutARollbackLast}); returns
     * the changelog's master.
     */
    private Path shopWithAChangeSetWithoutARollback(String journalMode) throws Exception {
        file = RollbackFixture.legacyShop(dir.resolve("pos.db"), journalMode);
        Path master = RollbackFixture.changelogWithoutARollbackLast(dir);
        assertThat(posdb("update", "--db", file.toString(), "--changelog", master.toString())).as("update: %s", err)
                .isZero();
        return master;
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void theRestoreAfterAFailedRollbackIsLoggedAsBeforeTheRollback(String journalMode) throws Exception {
        upgradedShop(journalMode);

        List<String> logged;
        try (CapturedLogs logs = new CapturedLogs()) {
            posdb("rollback", "--count", "2", "--db", file.toString(), "--changelog", changelog.toString());
            logged = logs.messages();
        }

        assertThat(logged).contains("Restored " + file + " to its state before the rollback")
                .noneMatch(line -> line.contains("before the upgrade"));
    }

    /** A rollback a dead process left is restored by the next boot, which says it was a rollback it undid. */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void theNextBootSaysTheInterruptedOperationWasARollback(String journalMode) throws Exception {
        upgradedShop(journalMode);
        // What a rollback killed after its snapshot leaves: the snapshot and the marker naming the operation.
        new UpgradeSnapshots(SqliteDatabase.at(file)).take("rollback", Map.of("run.operation", "rollback"));

        List<String> logged;
        try (CapturedLogs logs = new CapturedLogs()) {
            posdb("boot", "--db", file.toString(), "--changelog", changelog.toString());
            logged = logs.messages();
        }

        assertThat(logged).anyMatch(line -> line.startsWith("The previous rollback of " + file + " was interrupted; "
                + "restoring ")).contains("Restored " + file + " to its state before the rollback")
                .noneMatch(line -> line.contains("before the upgrade"));
    }

    /**
     * The docs' case: a second {@code rollback --tag v1.0} right after the first finds no such tag (the first
     * undid the changeset that set it). It is refused before anything is written: no snapshot, no record of
     * an attempt, the sales still only in the {@code -wal} of a WAL file kept; exit 2, naming tag and file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void aSecondRollbackToTheTagTheFirstUndidIsRefusedBeforeASnapshotOrARunRecord(String journalMode)
            throws Exception {
        file = RollbackFixture.legacyShop(dir.resolve("pos.db"), journalMode);
        assertThat(posdb("update", "--db", file.toString())).as("update: %s", err).isZero();
        assertThat(posdb("rollback", "--tag", "v1.0", "--db", file.toString())).as("first rollback: %s", err).isZero();
        if (journalMode.equals("WAL")) {
            WalFiles.commitToWalOnly(file, 3);
        }
        Map<String, Object> before = contents(file);
        List<String> filesBefore = filesIn(dir);
        String runsBefore = query(file, "SELECT COUNT(*) FROM posdb_upgrade_run");

        int exit = posdb("rollback", "--tag", "v1.0", "--db", file.toString());

        assertThat(exit).isEqualTo(BootFailure.NOT_IN_HISTORY.exitCode());
        assertThat(err.toString()).startsWith("posdb rollback: Cannot roll back " + file + " to tag v1.0: no applied "
                + "changeset carries it").contains("nothing was changed");
        assertThat(contents(file)).isEqualTo(before);
        assertThat(query(file, "SELECT COUNT(*) FROM sale WHERE receipt_no LIKE '" + WalFiles.HOT_RECEIPT_PREFIX
                + "%'")).isEqualTo(journalMode.equals("WAL") ? "3" : "0");
        assertThat(filesIn(dir)).as("no snapshot, no marker").isSubsetOf(filesBefore);
        assertThat(query(file, "SELECT COUNT(*) FROM posdb_upgrade_run")).as("no record of an attempt")
                .isEqualTo(runsBefore);
    }

    /** A legacy shop has no history at all: no tag to roll back to, and Liquibase's tables are not created. */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void aRollbackToATagOnALegacyShopIsRefusedBeforeAnythingIsWritten(String journalMode) throws Exception {
        file = journalMode.equals("WAL") ? WalFiles.shopWithHotWal(dir.resolve("pos.db"), 3)
                : RollbackFixture.legacyShop(dir.resolve("pos.db"), journalMode);
        Map<String, Object> before = contents(file);
        List<String> filesBefore = filesIn(dir);

        int exit = posdb("rollback", "--tag", "v1.0", "--db", file.toString());

        assertThat(exit).isEqualTo(BootFailure.NOT_IN_HISTORY.exitCode());
        assertThat(err.toString()).contains("Cannot roll back " + file + " to tag v1.0")
                .contains("its history has no tag").contains("nothing was changed");
        assertThat(contents(file)).isEqualTo(before);
        assertThat(filesIn(dir)).as("no snapshot, no marker").isSubsetOf(filesBefore);
        assertThat(query(file, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'DATABASECHANGELOG%' "
                + "OR name LIKE 'posdb%'")).isEqualTo("0");
    }

    private static List<String> filesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            // The side files come and go with SQLite's connections, and the upgrade lock's file (pos.db.lock)
            // is every writing command's; the rest (snapshots, the marker) is what a command leaves.
            return files.map(f -> f.getFileName().toString()).filter(name -> !name.endsWith("-shm")
                    && !name.endsWith("-wal") && !name.endsWith("-journal") && !name.endsWith(".lock")).sorted()
                    .toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void rollbackHonoursChangelogAndKeepsASnapshotOfTheFileBefore(String journalMode) throws Exception {
        upgradedShop(journalMode);

        int exit = posdb("rollback", "--count", "1", "--db", file.toString(), "--changelog", changelog.toString());

        assertThat(exit).as("rollback: %s", err).isZero();
        assertThat(out.toString()).contains("Now at changeset 0012-till-notes");
        assertThat(query(file, "SELECT COUNT(*) FROM till_note")).isEqualTo("0");
        assertThat(query(file, "SELECT COUNT(*) FROM category WHERE name LIKE '% (2.1)'")).isEqualTo("0");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("pos.db.") && name.endsWith(".before-rollback.snapshot"));
        }
    }

    @Test
    void rollbackWithoutTheChangelogThatWroteTheDatabaseIsRefusedBeforeWriting() throws Exception {
        upgradedShop("DELETE");
        Map<String, Object> before = contents(file);

        int exit = posdb("rollback", "--count", "1", "--db", file.toString());

        assertThat(exit).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(err.toString()).contains("0013-first-note");
        assertThat(contents(file)).isEqualTo(before);
    }

    @Test
    void rollbackWaitsForTheUpgradeLockAndGivesUpAfterLockWait() throws Exception {
        upgradedShop("DELETE");
        Map<String, Object> before = contents(file);

        try (UpgradeLock held = UpgradeLock.acquire(file, Duration.ZERO)) {
            int exit = posdb("rollback", "--count", "1", "--db", file.toString(), "--changelog", changelog.toString(),
                    "--lock-wait", "0");

            assertThat(exit).isEqualTo(BootFailure.LOCKED.exitCode());
            assertThat(err.toString()).contains("Database " + file + " is being upgraded by another")
                    .as("the setting named for the command line, the library and Spring Boot alike")
                    .contains("(--lock-wait; the lockWait setting, posdb.lock-wait in Spring Boot)");
        }
        assertThat(contents(file)).isEqualTo(before);
    }

    @Test
    void updateSqlHonoursChangelog() throws Exception {
        file = RollbackFixture.legacyShop(dir.resolve("pos.db"), "DELETE");
        changelog = RollbackFixture.changelogWithNotes(dir);
        assertThat(posdb("update", "--db", file.toString())).isZero();

        int exit = posdb("update-sql", "--db", file.toString(), "--changelog", changelog.toString());

        assertThat(exit).as("update-sql: %s", err).isZero();
        assertThat(out.toString()).contains("CREATE TABLE till_note").contains("0013-first-note")
                .doesNotContain("0010-enforce-user-role-constraint");
    }
}
