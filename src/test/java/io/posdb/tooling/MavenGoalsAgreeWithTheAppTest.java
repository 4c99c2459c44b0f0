package io.posdb.tooling;

import static io.posdb.tooling.ChangelogRecords.boot;
import static io.posdb.tooling.ChangelogRecords.expectedRows;
import static io.posdb.tooling.ChangelogRecords.history;
import static io.posdb.tooling.ChangelogRecords.recordedRows;
import static io.posdb.tooling.ChangelogRecords.roles;
import static io.posdb.tooling.ChangelogRecords.upToDateForTheApp;
import static io.posdb.tooling.ChangelogRecords.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.database.SqliteDatabase;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.ToolProcess.Run;
import io.posdb.testsupport.ToolProcess;
import io.posdb.upgrade.BootResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn liquibase:<goal>} from the repository root, run as a real nested Maven (one run
 * per test: each costs a Maven start) against temporary databases, agrees with the app. The
 * tests run after compile, so target/classes holds the custom changes the plugin loads.
 */
@Tag("process")
class MavenGoalsAgreeWithTheAppTest {

    @TempDir
    Path dir;

    @Test
    void aLegacyShopUpdatedByMavenBootsWithNothingToApply() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));

        Run update = ToolProcess.maven(dir, "liquibase:update", "-Dliquibase.url=" + url(db));

        assertThat(update.exitCode()).as(update.output()).isZero();
        assertThat(recordedRows(db)).containsExactlyElementsOf(expectedRows());
        assertThat(roles(db)).containsOnly("admin", "user");
        assertThat(upToDateForTheApp(db)).isTrue();
        try (BootResult result = boot(db)) {
            assertThat(result.applied()).isEmpty();
        }
    }

    @Test
    void updateAndHistoryAsADeveloperSeesThemShowNoStackTraceAndNoLineTwice() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));

        Run run = ToolProcess.maven(dir, false, "liquibase:update", "liquibase:history", "-Dliquibase.url=" + url(db));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).as("history used to print a NoSuchFieldException for changeLogFile")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("    at ");
        for (String line : List.of("Role migration complete", "Rebuilt table user")) {
            assertThat(run.output().lines().filter(l -> l.contains(line))).as(line).hasSize(1);
        }
    }

    @Test
    void mavenRollbackToTagV1_0LeavesTheDatabaseExactlyAsTheAppsRollbackDoes() throws Exception {
        Path byMaven = LegacyDatabases.shop(dir.resolve("maven.db"));
        Path byApp = LegacyDatabases.shop(dir.resolve("app.db"));
        List<String> legacyRoles = roles(byMaven);
        boot(byMaven).close();
        boot(byApp).close();
        List<String> appliedBeforeTheTag = appliedBefore(byMaven, "v1.0");

        Run rollback = ToolProcess.maven(dir, "liquibase:rollback", "-Dliquibase.rollbackTag=v1.0",
                "-Dliquibase.url=" + url(byMaven));
        new LiquibaseMigrations(SqliteDatabase.at(byApp), ChangelogSource.packaged()).rollbackToTag("v1.0");

        assertThat(rollback.exitCode()).as(rollback.output()).isZero();
        // Liquibase 4.33 also rolls back the tagDatabase changeset that set the tag (updating
        // again sets it anew): what stays is what was applied before that changeset.
        assertThat(recordedRows(byMaven)).containsExactlyElementsOf(appliedBeforeTheTag)
                .isEqualTo(recordedRows(byApp));
        assertThat(roles(byMaven)).isEqualTo(legacyRoles);
        assertThat(DatabaseContents.businessRows(byMaven)).isEqualTo(DatabaseContents.businessRows(byApp));
    }

    private static List<String> appliedBefore(Path db, String tag) throws Exception {
        List<HistoryEntry> history = history(db);
        int tagged = history.stream().map(HistoryEntry::tag).toList().indexOf(tag);
        assertThat(tagged).as("a changeset tagged %s in %s", tag, history).isNotNegative();
        return recordedRows(db).subList(0, tagged);
    }
}
