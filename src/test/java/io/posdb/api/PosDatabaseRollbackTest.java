package io.posdb.api;

import static io.posdb.api.ExpectedKind.assertRefused;
import static io.posdb.testsupport.RollbackFixture.contents;
import static io.posdb.testsupport.RollbackFixture.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.ApplicationName;
import io.posdb.database.PostgresDatabase;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.PosDatabaseException;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.RollbackFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rollback through the library ({@link PosDatabaseMaintenance#rollbackToTag}, {@link
 * PosDatabaseMaintenance#rollbackCount}) on real SQLite files in both journal modes and on a real
 * PostgreSQL server: what it returns, what the database holds after, and the kind of a refusal.
 */
@ExtendWith(QuietLogs.class)
class PosDatabaseRollbackTest {

    /** The advisory lock key posdb's server upgrades hold ("posdb" in ASCII). */
    private static final long POSDB_ADVISORY_LOCK = 0x706f736462L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"WAL", "DELETE"})
    void rollingBackToReleaseOneUndoesEveryChangeSetAfterTheTagAndGivesTheShopItsRowsAndRolesBack(String journalMode)
            throws Exception {
        Path file = RollbackFixture.legacyShop(dir.resolve("pos.db"), journalMode);
        Map<String, List<String>> legacyShop = DatabaseContents.businessRows(file);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(settings);
        List<String> before = ids(history(settings));
        List<String> afterTheTag = idsAfterTag(settings, "v1.0");

        List<AppliedChangeSet> rolledBack = PosDatabaseMaintenance.rollbackToTag(settings, "v1.0");

        // What it returns is exactly what left the history, and that includes every changeset after the tag.
        List<String> left = new ArrayList<>(before);
        left.removeAll(ids(history(settings)));
        assertThat(rolledBack).extracting(AppliedChangeSet::id).containsExactlyInAnyOrderElementsOf(left);
        assertThat(afterTheTag).isNotEmpty();
        assertThat(left).containsAll(afterTheTag);
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(legacyShop); // the roles too
        assertThat(query(file, "PRAGMA journal_mode")).isEqualToIgnoringCase(journalMode);
    }

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"WAL", "DELETE"})
    void anUnknownTagIsRefusedAsNotInTheHistoryAndLeavesTheFileAsItWas(String journalMode) throws Exception {
        Path file = RollbackFixture.legacyShop(dir.resolve("pos.db"), journalMode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(settings);
        Map<String, Object> before = contents(file);

        assertRefused(() -> PosDatabaseMaintenance.rollbackToTag(settings, "v9.9"), BootFailure.NOT_IN_HISTORY, "v9.9");
        assertThat(contents(file)).isEqualTo(before);
        assertThat(query(file, "PRAGMA journal_mode")).isEqualToIgnoringCase(journalMode);
    }

    @Test
    void rollingBackByCountRollsBackTheLastAppliedChangeSets() throws Exception {
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(dir.resolve("pos.db")).build();
        PosDatabase.upgrade(settings);
        List<HistoryEntry> history = history(settings);

        List<AppliedChangeSet> rolledBack = PosDatabaseMaintenance.rollbackCount(settings, 2);

        assertThat(rolledBack).extracting(AppliedChangeSet::id).containsExactlyInAnyOrder(
                history.get(history.size() - 1).id(), history.get(history.size() - 2).id());
        assertThat(history(settings)).isEqualTo(history.subList(0, history.size() - 2));
    }

    /**
     * The record of a failed rollback (history --runs, {@link PosDatabaseChecks#runs}) says why in the words the
     * command's message says it: which changeset's rollback failed and its cause, no class name of Liquibase's.
     */
    @Test
    void aFailedRollbacksRecordSaysWhichChangeSetsRollbackFailedAsTheCommandSaidIt() throws Exception {
        Path file = dir.resolve("pos.db");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file)
                .changelog(ChangelogSource.file(RollbackFixture.changelogWithNotes(dir))).build();
        PosDatabase.upgrade(settings);

        PosDatabaseException failed = catchThrowableOfType(PosDatabaseException.class,
                () -> PosDatabaseMaintenance.rollbackCount(settings, 2));

        assertRecordSaysWhatTheCommandSaid(PosDatabaseChecks.runs(settings).get(0).message(), failed.getMessage());
    }

    /** What a rollback did is one line, which also says it succeeded (not one line each). */
    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"WAL", "DELETE"})
    void aRollbackLogsWhatItDoesAndOnceWhatItDid(String journalMode) throws Exception {
        Path file = RollbackFixture.legacyShop(dir.resolve("pos.db"), journalMode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(settings);

        try (CapturedLogs logs = new CapturedLogs()) {
            PosDatabaseMaintenance.rollbackCount(settings, 1);
            assertThat(logs.messages())
                    .contains("Rolling back the last 1 changeset(s)", "Rolled back 1 changeset(s) successfully")
                    .as("what it did, once").doesNotContain("Rolled back 1 changeset(s)");
        }
    }

    @Tag("postgres")
    @Test
    void onAServerARollbackByCountAndAnUnknownTagBehaveAsOnAFile() throws Exception {
        PostgresDatabase server = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(server).build();
            PosDatabase.upgrade(settings);
            List<HistoryEntry> history = history(settings);

            try (CapturedLogs logs = new CapturedLogs()) {
                assertThat(PosDatabaseMaintenance.rollbackCount(settings, 1)).extracting(AppliedChangeSet::id)
                        .containsExactly(last(history).id());
                assertThat(logs.messages()).as("what it does and what it did, as on a file")
                        .contains("Rolling back the last 1 changeset(s)", "Rolled back 1 changeset(s) successfully")
                        .as("what it did, once").doesNotContain("Rolled back 1 changeset(s)");
            }
            assertRefused(() -> PosDatabaseMaintenance.rollbackToTag(settings, "v9.9"), BootFailure.NOT_IN_HISTORY,
                    "v9.9");
            assertThat(history(settings)).isEqualTo(history.subList(0, history.size() - 1));
        } finally {
            PostgresServer.drop(server);
        }
    }

    /**
     * On a server a rollback is all or nothing as on a file: it is one transaction, so when the second changeset's
     * rollback fails, the first one's (already run) is undone with it and the history, tables and rows stay.
     */
    @Tag("postgres")
    @Test
    void onAServerARollbackThatFailsPartwayLeavesTheServerAsItWas() throws Exception {
        PostgresDatabase server = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(server)
                    .changelog(ChangelogSource.file(RollbackFixture.changelogWithNotes(dir))).build();
            PosDatabase.upgrade(settings);
            List<HistoryEntry> history = history(settings);

            assertRefused(() -> PosDatabaseMaintenance.rollbackCount(settings, 2), BootFailure.MIGRATION_FAILED,
                    "the rollback of changeset 0012-till-notes failed");
            assertThatThrownBy(() -> PosDatabaseMaintenance.rollbackCount(settings, 2))
                    .as("worded as a file's rollback is, with what was left: the block's undone: line, --json's after")
                    .hasMessageStartingWith("Rollback failed on " + server.description() + ": ")
                    .hasMessageEndingWith(" — the server is as it was before the rollback (one transaction, rolled back)")
                    .satisfies(e -> assertThat(((PosDatabaseException) e).after()).isEqualTo(AfterFailure.ROLLED_BACK));

            assertThat(history(settings)).as("0013-first-note's rollback ran, and was undone").isEqualTo(history);
            try (Connection connection = server.open();
                 PreparedStatement query = connection.prepareStatement("SELECT text FROM till_note");
                 java.sql.ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("open at 8");
            }
            PosDatabaseException failed = catchThrowableOfType(PosDatabaseException.class,
                    () -> PosDatabaseMaintenance.rollbackCount(settings, 2));
            String recorded = PosDatabaseChecks.runs(settings).get(0).message();
            assertRecordSaysWhatTheCommandSaid(recorded, failed.getMessage());
            assertThat(recorded).as("what the rollback left, as the command said it")
                    .endsWith(" — the server is as it was before the rollback (one transaction, rolled back)");
        } finally {
            PostgresServer.drop(server);
        }
    }

    /** On a server too, a tag the history lacks is refused before the attempt is recorded: the runs stay as they were. */
    @Tag("postgres")
    @Test
    void onAServerARollbackToATagTheHistoryLacksIsRefusedBeforeTheRunIsRecorded() throws Exception {
        PostgresDatabase server = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(server).build();
            PosDatabase.upgrade(settings);
            List<HistoryEntry> history = history(settings);
            int runs = PosDatabaseChecks.runs(settings).size();

            assertRefused(() -> PosDatabaseMaintenance.rollbackToTag(settings, "v9.9"), BootFailure.NOT_IN_HISTORY,
                    "Cannot roll back " + server.description() + " to tag v9.9: no applied changeset carries it");

            assertThat(PosDatabaseChecks.runs(settings)).as("no record of an attempt").hasSize(runs);
            assertThat(history(settings)).isEqualTo(history);
        } finally {
            PostgresServer.drop(server);
        }
    }

    /** On a server too, a count beyond the applied history is refused before the attempt is recorded. */
    @Tag("postgres")
    @Test
    void onAServerARollbackByMoreChangeSetsThanTheHistoryHoldsIsRefusedBeforeTheRunIsRecorded() throws Exception {
        PostgresDatabase server = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(server).build();
            PosDatabase.upgrade(settings);
            List<HistoryEntry> history = history(settings);
            int runs = PosDatabaseChecks.runs(settings).size();

            assertRefused(() -> PosDatabaseMaintenance.rollbackCount(settings, history.size() + 1),
                    BootFailure.NOT_IN_HISTORY, "Cannot roll back the last " + (history.size() + 1)
                            + " changeset(s) of " + server.description() + ": its history has only " + history.size()
                            + " applied changeset(s); nothing was changed");

            assertThat(PosDatabaseChecks.runs(settings)).as("no record of an attempt").hasSize(runs);
            assertThat(history(settings)).isEqualTo(history);
        } finally {
            PostgresServer.drop(server);
        }
    }

    /**
     * On a server too, a rollback to a tag past a changeset Liquibase cannot undo is refused before its transaction and
     * its record, as on a file: the same kind, the changeset and its file named, and "not changed", not "rolled back".
     */
    @Tag("postgres")
    @Test
    void onAServerARollbackToATagPastAChangeSetLiquibaseCannotUndoIsRefusedBeforeTheRunIsRecorded() throws Exception {
        PostgresDatabase server = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(server)
                    .changelog(ChangelogSource.file(RollbackFixture.changelogWithoutARollbackLast(dir))).build();
            PosDatabase.upgrade(settings);
            List<HistoryEntry> history = history(settings);
            int runs = PosDatabaseChecks.runs(settings).size();
            String noRollbackId = RollbackFixture.noRollbackId();

            assertThatThrownBy(() -> PosDatabaseMaintenance.rollbackToTag(settings, "v1.0"))
                    .isInstanceOfSatisfying(PosDatabaseException.class, refused -> {
                        assertThat(refused.kind()).isEqualTo(BootFailure.MIGRATION_FAILED);
                        assertThat(refused.after()).isEqualTo(AfterFailure.UNCHANGED);
                        assertThat(FailedChangeSet.in(refused)).map(FailedChangeSet::id).contains(noRollbackId);
                        assertThat(FailedChangeSet.in(refused)).map(FailedChangeSet::file)
                                .contains("changelog/changes/" + noRollbackId + ".yaml");
                        assertThat(refused.getMessage()).startsWith("Rollback failed on " + server.description())
                                .contains("changeset " + noRollbackId, "it has no rollback",
                                        "the database was not changed");
                    });

            assertThat(PosDatabaseChecks.runs(settings)).as("no record of an attempt").hasSize(runs);
            assertThat(history(settings)).isEqualTo(history);
        } finally {
            PostgresServer.drop(server);
        }
    }

    /**
     * A till upgrading the server holds the advisory lock; a rollback started meanwhile waits for it, as a
     * boot does, and gives up naming that till. Without the lock, the rollback would hold Liquibase's lock
     * row while the upgrading till, which holds the advisory lock, takes any locked row for a dead till's.
     */
    @Tag("postgres")
    @Test
    void onAServerARollbackWaitsForAnUpgradeInProgressAndGivesUpNamingItsTillWithTheDatabaseAsItWas() throws Exception {
        PostgresDatabase server = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(server).lockWait(Duration.ofSeconds(1)).build();
            PosDatabase.upgrade(settings);
            List<HistoryEntry> history = history(settings);

            try (Connection upgrading = server.named(new ApplicationName("2.1.0", "till-upgrading")).open();
                 PreparedStatement lock = upgrading.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, POSDB_ADVISORY_LOCK);
                lock.execute();
                assertRefused(() -> PosDatabaseMaintenance.rollbackCount(settings, 1), BootFailure.LOCKED,
                        "till-upgrading");
            }
            assertThat(history(settings)).isEqualTo(history);
        } finally {
            PostgresServer.drop(server);
        }
    }

    /**
     * A chain's server holds a database per shop, each upgraded under the same advisory key: the till a waiting
     * operation names is the one upgrading its own database, never another shop's upgrading at the same moment
     * (pg_locks lists every database's advisory locks).
     */
    @Tag("postgres")
    @Test
    void onAServerTheUpgradingTillNamedIsTheOneOfThisDatabaseNotAnotherShopsOnTheSameServer() throws Exception {
        PostgresDatabase server = PostgresServer.createDatabase();
        PostgresDatabase otherShop = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(server).lockWait(Duration.ofSeconds(1)).build();
            PosDatabase.upgrade(settings);
            // Several sessions of the other shop take the key first, so that the first of pg_locks' rows is likely
            // theirs (its order is not defined).
            List<Connection> elsewhere = new ArrayList<>();
            try {
                for (int session = 0; session < 4; session++) {
                    Connection other = otherShop.named(new ApplicationName("2.1.0", "till-elsewhere")).open();
                    elsewhere.add(other);
                    try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock_shared(?)")) {
                        lock.setLong(1, POSDB_ADVISORY_LOCK);
                        lock.execute();
                    }
                }
                try (Connection upgrading = server.named(new ApplicationName("2.1.0", "till-upgrading")).open();
                     PreparedStatement lock = upgrading.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    lock.setLong(1, POSDB_ADVISORY_LOCK);
                    lock.execute();
                    assertThatThrownBy(() -> PosDatabaseMaintenance.rollbackCount(settings, 1))
                            .hasMessageContaining("till-upgrading").hasMessageNotContaining("till-elsewhere");
                }
            } finally {
                for (Connection other : elsewhere) {
                    other.close();
                }
            }
        } finally {
            PostgresServer.drop(server);
            PostgresServer.drop(otherShop);
        }
    }

    /**
     * {@code recorded} (a failed rollback of the fixture's notes) names the changeset whose rollback failed as
     * {@code commandSaid} names it, gives the same cause, and names no Java class.
     */
    private static void assertRecordSaysWhatTheCommandSaid(String recorded, String commandSaid) {
        String failing = "the rollback of changeset 0012-till-notes";
        assertThat(commandSaid).contains(failing + " failed: ");
        String cause = commandSaid.substring(commandSaid.indexOf(failing + " failed: ") + (failing + " failed: ").length(),
                commandSaid.indexOf(" — "));
        assertThat(recorded).as("the record of the run the command reported as: %s", commandSaid)
                .contains(failing + " (", ") failed: " + cause)
                .doesNotContainPattern("\\b(?:[a-z]\\w*\\.){2,}[A-Z]\\w*");
    }

    private static List<HistoryEntry> history(PosDatabaseSettings settings) throws Exception {
        return new MigrationRecords(settings.database()).history();
    }

    private static List<String> idsAfterTag(PosDatabaseSettings settings, String tag) throws Exception {
        List<String> after = new ArrayList<>();
        for (HistoryEntry entry : history(settings)) {
            if (tag.equals(entry.tag())) {
                after.clear();
            } else {
                after.add(entry.id());
            }
        }
        return after;
    }

    private static HistoryEntry last(List<HistoryEntry> history) {
        return history.get(history.size() - 1);
    }

    private static List<String> ids(List<HistoryEntry> history) {
        return history.stream().map(HistoryEntry::id).toList();
    }
}
