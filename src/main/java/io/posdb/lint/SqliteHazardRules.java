package io.posdb.lint;

import io.posdb.database.Engine;
import io.posdb.migration.sqlite.guard.SqliteHazard;
import java.util.List;
import java.util.Optional;

/**
 * The change types of {@link SqliteHazard} (the list the runtime guard refuses at boot), in the
 * changes or the rollback block of changesets that apply to SQLite ({@code dbms} absent or naming sqlite): SQLite refuses them,
 * or Liquibase carries them out by copying, dropping and renaming the table, and with foreign
 * keys on dropping the old table cascades (ON DELETE CASCADE empties sale and saleitem). And the list's one
 * kind of {@code sql} (or {@code sqlFile}) change, several statements with {@code splitStatements: false}, of which
 * SQLite runs the first: an sqlFile's statements as Liquibase reads its file ({@link LiquibaseChanges}).
 */
final class SqliteHazardRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        if (!changeSet.appliesTo(Engine.SQLITE)) {
            return;
        }
        LiquibaseChanges.ChangeSetChanges read = context.readByLiquibase(changeSet);
        // A rollback block runs on SQLite too, and boot refuses a listed type there as well.
        for (boolean inRollback : new boolean[] {false, true}) {
            List<LintChange> changes = inRollback ? LintChange.of(changeSet.rollback()) : changeSet.changes();
            for (int index = 0; index < changes.size(); index++) {
                LintChange change = changes.get(index);
                SqliteHazard.of(change.type()).ifPresent(hazard -> findings.add(changeSet.finding(change.line(),
                        Rule.SQLITE_REBUILDS_TABLE, change.type() + (change.tableName() == null ? "" : " on "
                                + change.tableName()) + " is refused by SQLite or done by Liquibase as "
                                + "copy-drop-rename of the table (cascading deletes) in a changeset that applies to "
                                + "SQLite; use instead " + hazard.instead())));
                // An sqlFile's statements are in the file Liquibase resolves and reads: its reading, as the guard's.
                Optional<SqliteHazard> unsplit = change.type().equals("sqlFile")
                        ? read.hazard(inRollback, index, "sqlFile")
                        : SqliteHazard.ofSql(change.sql(), change.splitsStatements());
                unsplit.ifPresent(hazard -> findings.add(changeSet.finding(change.line(), Rule.SQLITE_REBUILDS_TABLE,
                        hazard.refusal())));
            }
        }
    }
}
