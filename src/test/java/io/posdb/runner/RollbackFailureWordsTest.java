package io.posdb.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.report.UpgradeProgress;
import io.posdb.report.UpgradeStep;
import java.util.ArrayList;
import java.util.List;
import liquibase.change.core.RawSQLChange;
import liquibase.changelog.ChangeSet;
import liquibase.exception.RollbackFailedException;
import liquibase.exception.RollbackImpossibleException;
import org.junit.jupiter.api.Test;

/**
 * The step a run's record keeps for a changeset whose rollback failed says why in posdb's words, as the command's
 * message does ({@link LiquibaseMigrations#cannotUndo}): never Liquibase's, which name its classes.
 */
class RollbackFailureWordsTest {

    @Test
    void aRollbackLiquibaseHasNoInverseForIsRecordedInTheChangelogsWordsWithoutItsClassName() {
        ChangeSet changeSet = new ChangeSet("0012-till-notes", "test", false, false,
                "changelog/changes/0012-till-notes.yaml", null, null, null);
        changeSet.addChange(new RawSQLChange("CREATE TABLE till_note (id INTEGER PRIMARY KEY)"));
        List<UpgradeStep> steps = new ArrayList<>();
        // No database: the step is timed without counting rows, as on an engine that does not count them.
        RecordingChangeExecListener listener = new RecordingChangeExecListener(steps::add, UpgradeProgress.NONE, null);
        RollbackImpossibleException liquibaseWords =
                new RollbackImpossibleException("No inverse to " + RawSQLChange.class.getName() + " created");

        listener.willRollback(changeSet, null, null);
        listener.rollbackFailed(changeSet, null, null, new RollbackFailedException(liquibaseWords));

        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.outcome()).isEqualTo(UpgradeStep.FAILED);
            assertThat(step.message()).as("what the command says of it")
                    .isEqualTo(LiquibaseMigrations.cannotUndo(changeSet, liquibaseWords).orElseThrow())
                    .contains("it has no rollback", "(sql)")
                    .doesNotContain(RawSQLChange.class.getName());
        });
    }
}
