package io.posdb.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.failure.PosDatabaseException;
import io.posdb.testsupport.Changelogs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A refusal lists the changesets one a line only when several share a reason, and what follows the list starts a
 * line of its own; after a lone changeset it goes on inline. The layout follows whether a list was made, not the
 * words: a reason the database recorded may hold a line break of its own.
 */
class PlanGuardsTest {

    private static final String LINE = System.lineSeparator();
    /** An undo step kind a newer posdb recorded, read back from the database as it was written. */
    private static final String REASON_OVER_TWO_LINES = "has an undo step posdb does not know: rebuild" + LINE
            + "Table (recorded by a newer posdb)";

    @Test
    void aLoneChangesetWhoseReasonHoldsALineBreakIsFollowedInline() {
        Map<HistoryEntry, String> cannotRun = new LinkedHashMap<>();
        cannotRun.put(applied(1, "drop-note"), REASON_OVER_TWO_LINES);

        assertThatThrownBy(() -> PlanGuards.refuseUndoThatCannotRun(cannotRun, "shop.db"))
                .isInstanceOf(PosDatabaseException.class)
                .hasMessage("Cannot downgrade shop.db: changeset " + id("drop-note") + " (changelog/changes/"
                        + id("drop-note") + ".yaml) " + REASON_OVER_TWO_LINES + "; run the release (or the checkout) "
                        + "whose changelog has it and roll it back there (posdb rollback), or restore a backup taken "
                        + "before it was applied; nothing was changed");
    }

    @Test
    void severalChangesetsWithOneReasonAreListedAndWhatFollowsStartsALine() {
        Map<HistoryEntry, String> cannotRun = new LinkedHashMap<>();
        cannotRun.put(applied(2, "drop-bay"), "has no record of how to undo it");
        cannotRun.put(applied(1, "drop-aisle"), "has no record of how to undo it");

        assertThatThrownBy(() -> PlanGuards.refuseUndoThatCannotRun(cannotRun, "shop.db"))
                .hasMessage("Cannot downgrade shop.db: 2 changesets each has no record of how to undo it:" + LINE
                        + "  " + id("drop-bay") + " (changelog/changes/" + id("drop-bay") + ".yaml)" + LINE
                        + "  " + id("drop-aisle") + " (changelog/changes/" + id("drop-aisle") + ".yaml)" + LINE
                        + "Run the release (or the checkout) whose changelog has them and roll them back there "
                        + "(posdb rollback), or restore a backup taken before they were applied; nothing was changed");
    }

    private static String id(String name) {
        return Changelogs.nextNumber() + "-" + name;
    }

    private static HistoryEntry applied(int order, String name) {
        return new HistoryEntry(order, id(name), "test", "changelog/changes/" + id(name) + ".yaml", "9:0", null,
                "EXECUTED", null, null, null, false);
    }
}
