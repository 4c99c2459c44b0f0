package io.posdb.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.posdb.changelog.ChangelogSource;
import io.posdb.testsupport.CapturedConsole;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's schema-fingerprint step (exec-maven-plugin, after the lint step) on a changelog with a changeset that
 * fails on a fresh database: the step fails in one line naming the changeset and its file, without Liquibase's
 * stack trace, exception class names or an object's toString. Maven prints the message of the step's exception and
 * of each of its causes, so that exception has no cause.
 */
class ExpectedFingerprintTest {

    @TempDir
    Path dir;

    @Nested
    class AChangeSetThatFailsOnTheFreshDatabase {

        @Test
        void failsTheStepInOneLineNamingTheChangeSetAndItsFile() throws Exception {
            String id = Changelogs.nextNumber() + "-index-sale-cashier";

            Throwable failure = buildStepWith(id, "", "        - sql: { sql: CREATE INDEX IF NOT EXISTS ix_sale_cashier ON "
                    + "sale (cashier) }\n      rollback:\n        - sql: { sql: DROP INDEX IF EXISTS ix_sale_cashier }\n");

            assertThat(failure).isInstanceOf(IllegalStateException.class).hasNoCause();
            assertThat(failure.getMessage()).startsWith("schema fingerprint: changeset " + id + " (changelog/changes/"
                    + id + ".yaml) fails on a fresh SQLite database: ").contains("no such column: cashier")
                    .doesNotContain("Exception", "Migration failed for changeset").hasLineCount(1);
        }

        /** The unfilled --data scaffold failed so: its precondition on TODO_table printed as CustomPreconditionWrapper@…. */
        @Test
        void namesAPreconditionThatCannotBeCheckedAsTheChangelogNamesIt() throws Exception {
            String id = Changelogs.nextNumber() + "-todo-precondition";

            Throwable failure = buildStepWith(id, "      preConditions:\n        - onFail: MARK_RAN\n        - onError: HALT\n"
                    + "        - sqlCheck: { expectedResult: 0, sql: SELECT COUNT(*) FROM TODO_table }\n",
                    "        - sql: { sql: UPDATE sale SET total = total }\n      rollback:\n        - empty: {}\n");

            assertThat(failure).isInstanceOf(IllegalStateException.class).hasNoCause();
            assertThat(failure.getMessage()).startsWith("schema fingerprint: changeset " + id + " (changelog/changes/"
                    + id + ".yaml) fails on a fresh SQLite database: ").contains("sqlCheck", "no such table: TODO_table")
                    .doesNotContain("Exception", "Precondition@", "Wrapper@").hasLineCount(1);
        }

        private Throwable buildStepWith(String id, String preconditions, String changesAndRollback) throws Exception {
            Path master = Changelogs.withExtraChangeSet(dir.resolve("changelog"), id + ".yaml", "databaseChangeLog:\n"
                    + "  - logicalFilePath: changelog/changes/" + id + ".yaml\n"
                    + "  - changeSet:\n      id: " + id + "\n      author: posdb\n" + preconditions
                    + "      changes:\n" + changesAndRollback);
            Path output = dir.resolve("schema-fingerprint.properties");
            try (CapturedConsole stdout = CapturedConsole.stdout(); CapturedConsole stderr = CapturedConsole.stderr()) {
                Throwable failure = catchThrowable(() -> ExpectedFingerprint.buildStep(ChangelogSource.file(master), output));
                assertThat(stdout.text() + stderr.text()).doesNotContain("SEVERE", "encountered an exception", "\tat ");
                assertThat(output).doesNotExist();
                return failure;
            }
        }
    }
}
