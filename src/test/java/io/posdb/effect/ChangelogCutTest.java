package io.posdb.effect;

import static org.assertj.core.api.Assertions.assertThat;

import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import org.junit.jupiter.api.Test;

/**
 * The changelog lint applies to observe a changeset is cut at that changeset, found by identity: a duplicate shares
 * Liquibase's identifier (ChangeSet.equals) with the first, and was cut at the first, so lint reported the first's
 * effect twice.
 */
class ChangelogCutTest {

    private static final String FILE = "changelog/changes/0012-twice.yaml";

    @Test
    void aDuplicateChangesetIsCutAtItsOwnPositionNotAtTheFirstWithItsIdentifier() {
        DatabaseChangeLog changeLog = new DatabaseChangeLog(FILE);
        ChangeSet before = new ChangeSet("0011-before", "posdb", false, false, FILE, null, null, changeLog);
        ChangeSet first = new ChangeSet("0012-twice", "posdb", false, false, FILE, null, null, changeLog);
        ChangeSet second = new ChangeSet("0012-twice", "posdb", false, false, FILE, null, null, changeLog);
        changeLog.addChangeSet(before);
        changeLog.addChangeSet(first);
        changeLog.addChangeSet(second);
        assertThat(second).as("Liquibase's equality").isEqualTo(first);

        assertThat(ChangeSetEffects.upTo(changeLog, second, true).getChangeSets()).as("with it")
                .containsExactly(before, first, second);
        assertThat(ChangeSetEffects.upTo(changeLog, second, false).getChangeSets()).as("without it")
                .containsExactly(before, first);
        assertThat(ChangeSetEffects.upTo(changeLog, first, true).getChangeSets()).containsExactly(before, first);
    }
}
