package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.Engine;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.OperatorMessages;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What posdb prints for a failure: it says why, even when the error carries no message (issue #19
 * §3); a failed changeset's short block says each thing once, the cause on the cause line and what
 * was restored on the restored line (issue #20 §8: the cause used to repeat it).
 */
@ExtendWith(QuietLogs.class)
class FailureReportTest {

    @TempDir
    Path dir;

    @Test
    void aFailedChangeSetsBlockSaysTheCauseAndWhatWasRestoredOnceEach() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        Path changelog = Changelogs.withFailingChangeSet(dir.resolve("changelog"));

        PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", file.toString(), "--changelog",
                changelog.toString());

        assertThat(result.exitCode()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        List<String> block = result.stderr().lines().dropWhile(l -> !l.startsWith("posdb boot: ")).toList();
        assertThat(block.get(0)).contains("changeset 0099-add-loyalty failed");
        assertThat(block).filteredOn(l -> l.startsWith("  cause:")).singleElement().asString()
                .contains("no such table: loyalty_points").doesNotContain("restored");
        assertThat(block).filteredOn(l -> l.contains("restored")).singleElement().asString()
                .startsWith("  restored: ");
    }

    /**
     * A rehearsal fails on its copy: its block claims no restore (the copy's is nothing to the operator) and says
     * once that the shop's database was not touched; --json says it once too (its after_message), and the shop is as
     * it was.
     */
    @Test
    void aFailedRehearsalSaysOnceThatTheShopWasNotTouchedAndClaimsNoRestore() throws Exception {
        Path file = LegacyDatabases.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"));
        Path changelog = Changelogs.withFailingChangeSet(dir.resolve("changelog"));
        Map<String, String> before = Bytes.folder(file.getParent());

        PosdbProcess.Result text = PosdbInProcess.run("rehearse", "--db", file.toString(), "--changelog",
                changelog.toString());
        PosdbProcess.Result json = PosdbInProcess.run("rehearse", "--json", "--db", file.toString(), "--changelog",
                changelog.toString());

        assertThat(text.exitCode()).as(text.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        List<String> block = text.stderr().lines().toList();
        assertThat(block.get(0)).isEqualTo("posdb rehearse: changeset 0099-add-loyalty failed (exit 1)");
        assertThat(block).filteredOn(l -> l.startsWith("  cause:")).singleElement().asString()
                .contains("no such table: loyalty_points");
        assertThat(block).filteredOn(l -> l.contains("touched")).containsExactly("  database: " + file
                + " was not touched: the rehearsal ran on a copy of it");
        assertThat(text.stderr()).doesNotContainIgnoringCase("restore");
        assertThat(json.exitCode()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        JsonNode failed = new ObjectMapper().readTree(json.stdout());
        assertThat(failed.get("after").asText()).as("a splash screen's fact: the shop was only read")
                .isEqualTo("not_touched");
        assertThat(failed.get("after_message").asText()).isEqualTo(file + " was not touched: the rehearsal ran on a "
                + "copy of it");
        assertThat(json.stdout()).doesNotContainIgnoringCase("restore");
        assertThat(json.stdout().split("not touched", -1)).hasSize(2);
        assertThat(Bytes.folder(file.getParent())).isEqualTo(before);
    }

    /**
     * A failed changeset's --json says what its block on stderr says, from the one failure both print (issue 20):
     * the cause in the same cleaned line (not Liquibase's "Migration failed for changeset …" text over several
     * lines), the account of the database in the words of the block's restored: or database: line, the same to do.
     * Boot's and rehearse's cause are one wording, without Liquibase's ": Preconditions Failed" after rehearse's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"boot", "rehearse"})
    void aFailedChangeSetsJsonSaysWhatItsBlockSays(String command) throws Exception {
        Path file = LegacyDatabases.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"));
        Path changelog = withRowsBreakingANarrowingGuard(dir.resolve("changelog"));

        PosdbProcess.Result text = PosdbInProcess.run(command, "--db", file.toString(), "--changelog",
                changelog.toString());
        PosdbProcess.Result json = PosdbInProcess.run(command, "--json", "--db", file.toString(), "--changelog",
                changelog.toString());

        assertThat(text.exitCode()).as(text.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(json.exitCode()).as(json.stderr()).isEqualTo(text.exitCode());
        List<String> block = text.stderr().lines().dropWhile(l -> !l.startsWith("posdb " + command + ": ")).toList();
        assertThat(block.get(0)).isEqualTo("posdb " + command + ": changeset " + NARROWING_GUARD_ID + " failed (exit "
                + text.exitCode() + ")");
        JsonNode failed = new ObjectMapper().readTree(json.stdout());
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("exit_code").asInt()).isEqualTo(json.exitCode());
        String cause = lineLabelled(block, "cause:");
        assertThat(cause).contains("break the narrower definition of username")
                .doesNotContain("Migration failed for changeset", "Preconditions Failed");
        assertThat(failed.get("error").asText()).as("the block's cause, not Liquibase's text").isEqualTo(cause);
        assertThat(failed.get("failed_changeset").asText()).isEqualTo(NARROWING_GUARD_ID);
        assertThat(failed.get("failed_changeset_file").asText()).isEqualTo(NARROWING_GUARD_FILE);
        String afterLabel = command.equals("rehearse") ? "database:" : "restored:";
        assertThat(failed.get("after_message").asText()).isEqualTo(lineLabelled(block, afterLabel));
        assertThat(failed.get("to_do").asText()).isEqualTo(lineLabelled(block, "to do:"))
                .contains(NARROWING_GUARD_FILE);
    }

    /** The same changeset failing on the same rows: boot's block and rehearse's give one cause, in the same words. */
    @Test
    void bootAndRehearseWordTheSameFailedChangeSetsCauseAlike() throws Exception {
        Path file = LegacyDatabases.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"));
        Path changelog = withRowsBreakingANarrowingGuard(dir.resolve("changelog"));

        PosdbProcess.Result rehearse = PosdbInProcess.run("rehearse", "--db", file.toString(), "--changelog",
                changelog.toString());
        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", file.toString(), "--changelog",
                changelog.toString());

        assertThat(lineLabelled(rehearse.stderr().lines().toList(), "cause:"))
                .isEqualTo(lineLabelled(boot.stderr().lines().toList(), "cause:"));
    }

    /**
     * A rehearsal whose upgrade failed ran neither the drift check nor Hibernate's validation: its --json says so with
     * null, not "no drift" ({@code []}) and "invalid" ({@code false}) for checks that never ran.
     */
    @Test
    void aFailedRehearsalsJsonClaimsNoDriftCheckNorValidationThatDidNotRun() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        Path changelog = withRowsBreakingANarrowingGuard(dir.resolve("changelog"));

        PosdbProcess.Result json = PosdbInProcess.run("rehearse", "--json", "--db", file.toString(), "--changelog",
                changelog.toString());

        assertThat(json.exitCode()).as(json.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        JsonNode report = new ObjectMapper().readTree(json.stdout());
        assertThat(report.get("upgraded").asBoolean()).isFalse();
        assertThat(report.get("drift")).as("the drift check did not run").isEqualTo(NullNode.getInstance());
        assertThat(report.get("valid")).as("the validation did not run").isEqualTo(NullNode.getInstance());
        assertThat(json.stderr()).doesNotContain("Schema drift", "Schema validation");
    }

    /** What the block's line labelled {@code label} says after its label. */
    private static String lineLabelled(List<String> block, String label) {
        return block.stream().filter(l -> l.startsWith("  " + label)).map(l -> l.substring(2 + label.length()).strip())
                .reduce((a, b) -> {
                    throw new AssertionError("two lines labelled " + label + ": " + block);
                }).orElseThrow(() -> new AssertionError("no line labelled " + label + ": " + block));
    }

    /**
     * The project's changelog and, after it, the guard bin/new-changeset writes before narrowing user.username
     * (RowsMeetNarrowing, onFail HALT), to one character: the shop's usernames are longer, so its precondition fails.
     */
    private static Path withRowsBreakingANarrowingGuard(Path dir) throws Exception {
        return Changelogs.withExtraChangeSet(dir, NARROWING_GUARD_ID + ".yaml", """
                databaseChangeLog:
                  - logicalFilePath: %s
                """.formatted(NARROWING_GUARD_FILE)
                + narrowingGuard(NARROWING_GUARD_ID, "user", "username", "id", "{ name: maxLength, value: \"1\" }"));
    }

    /**
     * A changeset entry of a changelog: the guard bin/new-changeset writes before narrowing {@code table.column}
     * (RowsMeetNarrowing, onFail HALT, naming rows by {@code keyColumn}), with {@code narrowing} its last param.
     */
    private static String narrowingGuard(String id, String table, String column, String keyColumn, String narrowing) {
        return """
                  - changeSet:
                      id: %s
                      author: posdb
                      preConditions:
                        - onFail: HALT
                        - customPrecondition:
                            className: io.posdb.migration.data.RowsMeetNarrowing
                            params:
                              - param: { name: tableName, value: %s }
                              - param: { name: columnName, value: %s }
                              - param: { name: keyColumn, value: %s }
                              - param: %s
                      changes:
                        - empty: {}
                      rollback:
                        - empty: {}
                """.formatted(id, table, column, keyColumn, narrowing);
    }

    private static final String NARROWING_GUARD_ID = Changelogs.nextNumber() + "-verify-user-username";
    private static final String NARROWING_GUARD_FILE = "changelog/changes/" + NARROWING_GUARD_ID + ".yaml";

    /** A rehearsal whose upgrade fails on its copy still lists, in --json, the changesets that were pending. */
    @Test
    void aFailedRehearsalsJsonListsTheChangeSetsThatWerePending() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        Path changelog = Changelogs.withFailingChangeSet(dir.resolve("changelog"));
        List<String> pending = PosDatabaseChecks.plan(PosDatabaseSettings.sqlite(file)
                .changelog(ChangelogSource.file(changelog)).build()).pending().stream().map(PendingChangeSet::id).toList();

        PosdbProcess.Result json = PosdbInProcess.run("rehearse", "--json", "--db", file.toString(), "--changelog",
                changelog.toString());

        assertThat(json.exitCode()).as(json.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        JsonNode report = new ObjectMapper().readTree(json.stdout());
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(pending).as("the plan, the failing changeset in it").contains("0099-add-loyalty");
        assertThat(report.get("pending")).extracting(p -> p.get("id").asText()).containsExactlyElementsOf(pending);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aChangeSetThatFillsTheDiskIsExit7RestoredAndAsksForSpaceNotForAFixInTheChangeSet(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        Map<String, List<String>> rowsBefore = DatabaseContents.businessRows(file);
        Map<String, String> schemaBefore = DatabaseContents.schema(file);
        Path changelog = Changelogs.withDiskFillingChangeSet(dir.resolve("changelog"));

        PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", file.toString(), "--changelog",
                changelog.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        List<String> block = result.stderr().lines().dropWhile(l -> !l.startsWith("posdb boot: ")).toList();
        assertThat(block.get(0)).contains("changeset 0099-fill-the-disk failed (exit 7)");
        assertThat(block).filteredOn(l -> l.startsWith("  cause:")).singleElement().asString().contains("SQLITE_FULL");
        assertThat(block).filteredOn(l -> l.startsWith("  to do:")).singleElement().asString()
                .contains("free space beside the database").doesNotContain(Changelogs.DISK_FILLING_FILE);
        block.forEach(OperatorMessages::assertSaysWhy);
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(rowsBefore);
        assertThat(DatabaseContents.schema(file)).isEqualTo(schemaBefore);
        assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * A guard naming rows with long keys (20 of 25 card numbers of 41 characters: more than the cause line's 600) is
     * cut in the middle on the cause line, in its list of rows, not at its end: what to do, its closing sentence, is
     * read whole (the run's record keeps the whole message).
     */
    @Test
    void aGuardsCauseLineCutForItsLongListOfRowsKeepsItsClosingSentence() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "0099-loyalty-cards.yaml", """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/0099-loyalty-cards.yaml
                  - changeSet:
                      id: 0099-loyalty-cards
                      author: posdb
                      changes:
                        - sql:
                            sql: CREATE TABLE loyalty_card (card_number VARCHAR(64) PRIMARY KEY, holder VARCHAR(40))
                        - sql:
                            sql: >-
                              INSERT INTO loyalty_card (card_number) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL
                              SELECT i + 1 FROM n WHERE i < 25) SELECT printf('loyalty-card-%028d', i) FROM n
                """ + narrowingGuard("0099-loyalty-card-holder-required", "loyalty_card", "holder", "card_number",
                "{ name: notNull, value: \"true\" }"));

        PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", file.toString(), "--changelog",
                changelog.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        String cause = lineLabelled(result.stderr().lines().toList(), "cause:");
        assertThat(cause).as(result.stderr())
                .contains("rows of table loyalty_card break the narrower definition of holder: 25 row(s) NULL "
                        + "(card_number loyalty-card-0000000000000000000000000001, ")
                .endsWith("… Correct them with a data change numbered before 0099-loyalty-card-holder-required "
                        + "(renumber what bin/new-changeset --data wrote), then update again.")
                .hasSizeLessThanOrEqualTo(600);
    }

    @Test
    void aFullDiskOutsideAnyChangeSetIsOneLineAndTheAdviceToFreeSpaceUnlessTheLineGivesItsOwn() {
        SQLiteException full = new SQLiteException("[SQLITE_FULL] Insertion failed because database is full "
                + "(database or disk is full)", SQLiteErrorCode.SQLITE_FULL);
        PosDatabaseException upgrade = new PosDatabaseException(BootFailure.NOT_WRITABLE, "Migration failed on "
                + "/x/pos.db: the disk is full (0 bytes free in /x): " + full.getMessage() + " — the database was "
                + "restored to its state before the upgrade", full);
        PosDatabaseException temporaryCopy = PosDatabaseException.ofTemporaryFolder(BootFailure.NOT_WRITABLE, "The temporary "
                + "folder /tmp has 0 bytes free, and the private copy of /x/pos.db needs about 45056 bytes: free space "
                + "there, or give Java a temporary folder with room; the database was not touched", full);

        List<String> lines = FailureReport.of("boot", Engine.SQLITE, upgrade, BootFailure.NOT_WRITABLE.exitCode())
                .lines();

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("posdb boot: " + upgrade.getMessage());
        assertThat(lines.get(1)).startsWith("  to do:    free space beside the database").contains("run boot again");
        lines.forEach(OperatorMessages::assertSaysWhy);
        assertThat(FailureReport.of("rehearse", Engine.SQLITE, temporaryCopy, BootFailure.NOT_WRITABLE.exitCode())
                .lines())
                .singleElement().asString().startsWith("posdb rehearse: The temporary folder /tmp");
    }

    /**
     * A temporary folder too full for a private folder to be made in it says so, naming the folder and the setting
     * that gives Java another: one line, with no "free space beside the database" after it (the database's disk is
     * not the one that is full).
     */
    @Test
    void aTemporaryFolderTooFullToMakeAFolderInIsOneLineWithoutAdviceAboutTheDatabasesDisk() {
        IOException full = new java.nio.file.FileSystemException("/tmp/posdb-rehearsal-1", null,
                "No space left on device");
        String cannotMake = "Cannot make a private folder for a copy of /x/pos.db in the temporary folder /tmp "
                + "(java.io.tmpdir): " + full.getMessage() + ". Give Java a temporary folder it can write, with room for a copy of "
                + "the file (-Djava.io.tmpdir=<folder>; for posdb: JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<folder>); the "
                + "database was not touched";
        IOException failure = new IOException(cannotMake, DatabaseFailures.temporaryFolder(
                new IOException(cannotMake, full)));

        for (String command : List.of("rehearse", "update-sql", "drift")) {
            assertThat(FailureReport.of(command, Engine.SQLITE, failure, BootFailure.NOT_WRITABLE.exitCode()).lines())
                    .as(command).singleElement().asString().isEqualTo("posdb " + command + ": " + cannotMake);
        }
    }

    /**
     * Whether a full disk's one line gets "free space beside the database" after it follows the failure's type (a
     * temporary folder's, which says where room is needed itself), not its words: rewording a message neither adds
     * the advice to a temporary folder's failure nor drops it from the database's.
     */
    @Test
    void theAdviceAfterAFullDiskFollowsWhetherATemporaryFolderWasAtFaultNotTheMessagesWords() {
        SQLiteException full = new SQLiteException("[SQLITE_FULL] Insertion failed because database is full "
                + "(database or disk is full)", SQLiteErrorCode.SQLITE_FULL);
        PosDatabaseException temporaryFolderInOtherWords = PosDatabaseException.ofTemporaryFolder(
                BootFailure.NOT_WRITABLE, "The copy of /x/pos.db did not fit where Java keeps its copies; the database "
                        + "was not touched", full);
        PosDatabaseException databaseInTheTemporaryFolder = new PosDatabaseException(BootFailure.NOT_WRITABLE,
                "Database /tmp/pos.db cannot be used: the disk is full (0 bytes free in /tmp, the temporary folder "
                        + "(java.io.tmpdir)): free space there first: " + full.getMessage(), full);

        assertThat(FailureReport.of("rehearse", Engine.SQLITE, temporaryFolderInOtherWords,
                BootFailure.NOT_WRITABLE.exitCode()).lines())
                .singleElement().asString().isEqualTo("posdb rehearse: " + temporaryFolderInOtherWords.getMessage());
        List<String> lines = FailureReport.of("boot", Engine.SQLITE, databaseInTheTemporaryFolder,
                BootFailure.NOT_WRITABLE.exitCode()).lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("  to do:    free space beside the database").contains("run boot again");
    }

    @Test
    void messageLessErrorIsPrintedAsItsKindInWords() {
        List<String> lines = FailureReport.of("boot", Engine.SQLITE,
                new IllegalStateException(new NoSuchElementException()), 1)
                .lines();

        assertThat(lines).containsExactly("posdb boot: unexpected no such element error");
        lines.forEach(OperatorMessages::assertSaysWhy);
    }

    @Test
    void failureWithAMessageIsPrintedAsItIs() {
        PosDatabaseException refused = new PosDatabaseException(BootFailure.LOCKED, "Database /x/pos.db is in use by another process");

        assertThat(FailureReport.of("boot", Engine.SQLITE, refused, BootFailure.LOCKED.exitCode()).lines())
                .containsExactly("posdb boot: Database /x/pos.db is in use by another process");
    }
}
