package io.posdb.lint;

import io.posdb.changelog.DataChanges;
import io.posdb.effect.ChangeEffect;
import io.posdb.effect.ChangeSetEffect;
import java.util.List;

/**
 * A change that wrote rows on the scratch database and keeps none of their old values
 * ({@link DataChanges#writesRowsUnaudited}, the account a till records by): a till that applies its changeset records
 * it as {@code unauditedRowsChanged}, and {@code posdb downgrade} refuses to go back past it, which an author would
 * otherwise learn in the field. A warning, on the line of the change: the changeset applies and rolls back; only the
 * recorded undo of an older release cannot put the rows back. Judged from the observed effect (rows inserted,
 * deleted or updated per change, a table the changeset creates included, as the engine counts rows written: SQLite's
 * {@code total_changes()}, an UPDATE that kept every value included, as a till counts), so a change that met no
 * seeded row is not named; a changeset lint reads only as text (a {@code dbms: postgresql} one) is
 * judged by its observed SQLite counterpart.
 */
final class DowngradeRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        ChangeSetEffect effect = context.observed(changeSet);
        if (effect == null) {
            return;
        }
        LiquibaseChanges.ChangeSetChanges read = context.readByLiquibase(changeSet);
        List<LintChange> written = changeSet.changes();
        for (ChangeEffect change : effect.changes()) {
            // By the engine's count, as a till records it: an UPDATE that left every value as it was still wrote rows.
            if (change.rowsWrittenByTheEngine() == 0 || !read.writesRowsUnaudited(change.index())) {
                continue;
            }
            // Rows inserted only into tables the changeset created have no old value: the undo archives those tables
            // whole (a table split), and a till records no unaudited rows for them (DataChanges.onlyInsertsInto).
            if (read.insertsOnlyInto(change.index()).filter(tables -> tables.stream().noneMatch(effect::existedBefore))
                    .isPresent()) {
                continue;
            }
            List<String> rows = change.rowsWritten().isEmpty()
                    ? List.of(change.rowsWrittenByTheEngine() + " rows written, no value changed")
                    : change.rowsWritten();
            findings.add(changeSet.finding(changeSet.written(written, change).line(),
                    Rule.DATA_CHANGE_NOT_DOWNGRADABLE, "changeset " + changeSet.id() + "'s " + change.type()
                            + " wrote rows on lint's scratch database (" + String.join("; ", rows) + ") and keeps none "
                            + "of their old values: a till records the changeset as unauditedRowsChanged, and posdb "
                            + "downgrade refuses to go back past it"));
        }
    }
}
