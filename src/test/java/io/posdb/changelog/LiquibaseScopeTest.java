package io.posdb.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.database.SqliteDatabase;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.CapturedConsole;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Liquibase's console output (the update summary, "Running Changeset", "Rolling Back
 * Changeset") goes to its log inside posdb's scope, never to stdout: stdout belongs to the
 * command's result (--json), and a green test run prints nothing.
 */
class LiquibaseScopeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theTillsUpdateAndRollbackPrintNothingAndLogWhatLiquibaseSays(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        LiquibaseMigrations migrations = new LiquibaseMigrations(SqliteDatabase.at(file), ChangelogSource.packaged());

        try (CapturedLogs liquibase = new CapturedLogs("liquibase"); CapturedConsole stdout = CapturedConsole.stdout()) {
            assertThat(migrations.update()).isNotEmpty();
            assertThat(migrations.rollbackCount(1)).hasSize(1);

            assertThat(stdout.text()).isEmpty();
            assertThat(String.join("\n", liquibase.messages()))
                    .contains("UPDATE SUMMARY", "Running Changeset: ", "Rolling Back Changeset: ");
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aLiquibaseRunNotToldWhereItsSummaryGoesPrintsNothingInTheScope(JournalMode mode) throws Exception {
        // Liquibase's own default is to print the summary to stdout too; bin/new-changeset and the
        // tests build their Liquibase like this, and the scope is what keeps them quiet.
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);

        try (CapturedLogs liquibase = new CapturedLogs("liquibase"); CapturedConsole stdout = CapturedConsole.stdout();
             Connection connection = LegacyDatabases.open(file)) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));

            assertThat(stdout.text()).isEmpty();
            assertThat(String.join("\n", liquibase.messages())).contains("UPDATE SUMMARY");
            assertThat(MigrationRecords.history(connection)).hasSameSizeAs(
                    ChangelogManifest.load(ChangelogSource.packaged(), SqliteDatabase.at(file).engine()).entries());
        }
    }
}
