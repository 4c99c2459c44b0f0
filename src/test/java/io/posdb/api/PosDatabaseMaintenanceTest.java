package io.posdb.api;

import io.posdb.report.ReleasedLocks;
import io.posdb.report.RehearsalReport;
import io.posdb.report.UpgradeProgress;
import static io.posdb.api.ExpectedKind.assertRefused;
import static io.posdb.testsupport.RollbackFixture.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.RollbackFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library's operator entry points besides rollback (PosDatabaseRollbackTest) on real SQLite files
 * and the real changelog: what an application or the command line gets back, and the kind of each
 * refusal. The command line's own output is tested in io.posdb.cli.
 */
@ExtendWith(QuietLogs.class)
class PosDatabaseMaintenanceTest {

    private static final String BROKEN_CHANGESET = """
            databaseChangeLog:
              - changeSet:
                  id: 0099-broken
                  author: test
                  labels: release-2.1
                  changes:
                    - sql:
                        sql: INSERT INTO no_such_table VALUES (1)
            """;

    @TempDir
    Path dir;

    @Test
    void aRehearsalThatFailsIsAReportNamingTheChangeSetAndTheFileIsNotTouched() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        Path changelog = Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("changelog")),
                "0099-broken.yaml", BROKEN_CHANGESET);
        String before = Bytes.digest(file);

        RehearsalReport report = PosDatabaseMaintenance.rehearse(PosDatabaseSettings.sqlite(file)
                .changelog(ChangelogSource.file(changelog)).build());

        assertThat(report.passed()).isFalse();
        assertThat(report.upgraded()).isFalse();
        assertThat(report.error()).contains("0099-broken").contains("no_such_table");
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    /**
     * A failed rehearsal's {@code error} is what the command line says of it, in one line an application can show:
     * the changeset, its file and its cause as {@code posdb rehearse} prints it, not Liquibase's text over several
     * lines with its class names ({@code failure} keeps that).
     */
    @Test
    void aFailedRehearsalsErrorIsOneLineNamingTheChangeSetAndTheCauseTheCommandLinePrints() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        Path changelog = Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("changelog")),
                "0099-broken.yaml", BROKEN_CHANGESET);

        RehearsalReport report = PosDatabaseMaintenance.rehearse(PosDatabaseSettings.sqlite(file)
                .changelog(ChangelogSource.file(changelog)).build());
        String block = PosdbInProcess.run("rehearse", "--db", file.toString(), "--changelog", changelog.toString())
                .stderr();
        String cause = block.lines().filter(l -> l.startsWith("  cause:")).findFirst().orElseThrow()
                .substring("  cause:".length()).strip();
        Matcher toDo = Pattern.compile("to do: +fix what the cause names in (\\S+) or in the data").matcher(block);
        assertThat(toDo.find()).as(block).isTrue();

        assertThat(report.error()).doesNotContain("\n").doesNotContain("\r")
                .isEqualTo("Upgrade failed: changeset 0099-broken (" + toDo.group(1) + ") failed: " + cause)
                .contains("no such table: no_such_table").doesNotContain("Migration failed for changeset")
                .doesNotContain("Reason:").doesNotContain("liquibase.exception");
        assertThat(report.failure()).as("the exception keeps Liquibase's words").isNotNull();
    }

    /**
     * A failed rehearsal puts its own copy back from the copy's snapshot; its log says nothing of that restore,
     * which an operator would read as the shop's (issue: a WARN "Restored /tmp/posdb-rehearsal-…/pos.db to its
     * state before the upgrade"). The failure itself is still logged.
     */
    @Test
    void aRehearsalThatFailsLogsNothingOfRestoringItsCopy() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        Path changelog = Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("changelog")),
                "0099-broken.yaml", BROKEN_CHANGESET);
        RehearsalReport report;
        List<String> logged;
        try (CapturedLogs logs = new CapturedLogs()) {
            report = PosDatabaseMaintenance.rehearse(PosDatabaseSettings.sqlite(file)
                    .changelog(ChangelogSource.file(changelog)).build());
            logged = logs.messages();
        }

        assertThat(report.passed()).isFalse();
        assertThat(logged).as("the rehearsal ran on its copy and was logged").anyMatch(m -> m.contains("0099-broken"));
        assertThat(logged).as("nothing of the copy's restore").noneMatch(m -> m.toLowerCase().contains("restor"));
    }

    /** Nor does its progress ({@code --progress json}): the operator's database was not restored, only read. */
    @Test
    void aRehearsalThatFailsTellsItsProgressNothingOfRestoringItsCopy() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        Path changelog = Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("changelog")),
                "0099-broken.yaml", BROKEN_CHANGESET);
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        UpgradeProgress progress = new UpgradeProgress() {
            @Override
            public void changesetStarted(String changesetId) {
                events.add("started " + changesetId);
            }

            @Override
            public void restoreStarted(String snapshot) {
                events.add("restore started " + snapshot);
            }

            @Override
            public void restoreFinished(String snapshot) {
                events.add("restore finished " + snapshot);
            }
        };

        RehearsalReport report = PosDatabaseMaintenance.rehearse(PosDatabaseSettings.sqlite(file)
                .changelog(ChangelogSource.file(changelog)).progress(progress).build());

        assertThat(report.passed()).isFalse();
        assertThat(events).as("the rehearsal's changesets are told").contains("started 0099-broken");
        assertThat(events).as("nothing of the copy's restore").noneMatch(e -> e.startsWith("restore"));
    }

    @Test
    void aRehearsalThatPassesReportsThePendingChangeSetsItApplied() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        List<String> pending = PosDatabaseChecks.plan(settings).pending().stream().map(PendingChangeSet::id).toList();

        RehearsalReport report = PosDatabaseMaintenance.rehearse(settings);

        assertThat(report.passed()).isTrue();
        assertThat(report.error()).isNull();
        assertThat(report.pending()).extracting(PendingChangeSet::id).isEqualTo(pending);
        assertThat(report.applied()).extracting(AppliedChangeSet::id).isEqualTo(pending);
        assertThat(PosDatabaseChecks.plan(settings).pending()).extracting(PendingChangeSet::id).isEqualTo(pending);
    }

    @Test
    void theRehearsalAndThePreviewRefuseADatabaseANewerReleaseWroteAsBootDoes() throws Exception {
        Path file = RollbackFixture.newerDatabase(dir);
        PosDatabaseSettings thisRelease = PosDatabaseSettings.sqlite(file).build();
        String before = Bytes.digest(file);

        assertRefused(() -> PosDatabaseMaintenance.rehearse(thisRelease), BootFailure.NEWER_DATABASE, "0013-first-note");
        assertRefused(() -> PosDatabaseMaintenance.updateSql(thisRelease), BootFailure.NEWER_DATABASE, "0013-first-note");
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rollbackCount", "rehearse", "updateSql", "releaseStaleLocks", "validate"})
    void everyOperationRefusesAMissingFileInsteadOfCreatingIt(String operation) {
        Path file = dir.resolve("missing.db");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        ThrowingCallable call = switch (operation) {
            case "rollbackCount" -> () -> PosDatabaseMaintenance.rollbackCount(settings, 1);
            case "rehearse" -> () -> PosDatabaseMaintenance.rehearse(settings);
            case "updateSql" -> () -> PosDatabaseMaintenance.updateSql(settings);
            case "releaseStaleLocks" -> () -> PosDatabaseMaintenance.releaseStaleLocks(settings);
            default -> () -> PosDatabaseMaintenance.validate(settings);
        };

        assertRefused(call, BootFailure.MISSING_DATABASE, file.toString());
        assertThat(file).doesNotExist();
    }

    @Test
    void validationPassesOnAnUpgradedFileAndNamesTheTableAndColumnThatNoLongerMatch() throws Exception {
        Path file = dir.resolve("pos.db");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(settings);
        PosDatabaseMaintenance.validate(settings);
        execute(file, "ALTER TABLE category RENAME COLUMN name TO title");

        assertRefused(() -> PosDatabaseMaintenance.validate(settings), BootFailure.INVALID_SCHEMA, "category");
        assertThatThrownBy(() -> PosDatabaseMaintenance.validate(settings)).hasMessageContaining("[name]");
    }

    @Test
    void releasingAStaleLiquibaseLockSaysWhoHeldItAndFreesIt() throws Exception {
        Path file = dir.resolve("pos.db");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(settings);
        execute(file, "UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'till-3', "
                + "LOCKGRANTED = '2026-11-20 07:00:00' WHERE ID = 1");

        ReleasedLocks released = PosDatabaseMaintenance.releaseStaleLocks(settings);

        assertThat(released.liquibaseLock()).hasValueSatisfying(h -> assertThat(h.lockedBy()).isEqualTo("till-3"));
        assertThat(released.interruptedUpgradePending()).isFalse();
        assertThat(query(file, "SELECT COUNT(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED <> 0")).isEqualTo("0");
        assertThat(PosDatabaseMaintenance.releaseStaleLocks(settings).liquibaseLock()).isEmpty();
    }

    private static void execute(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
