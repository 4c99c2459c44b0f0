package io.posdb.cli;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.AuditEntry;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.TillDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "The data-migration audit trail: one row per value a migration changed.")
@Needs(Needs.Database.EXISTING)
class AuditCommand extends DatabaseCommand {

    @Option(names = "--changeset", paramLabel = "ID", description = "Only rows written by this changeset.")
    String changeset;

    @Option(names = "--user-id", paramLabel = "ID", description = "Only rows about this user (row id).")
    Long userId;

    record Result(String database, boolean ok, List<AuditEntry> audit) implements CommandResult {
        @Override
        public String text() {
            return Tables.render(List.of("#", "changeset", "table", "row", "column", "old", "new", "note", "at"),
                    audit.stream().map(a -> Tables.row(a.id(), a.changesetId(), a.tableName(), a.rowId(),
                            a.columnName(), String.valueOf(a.oldValue()), String.valueOf(a.newValue()), a.note(),
                            a.migratedAt())).toList());
        }
    }

    /**
     * The rows asked for. A {@code --changeset} the database's history does not hold (a typo, or a changeset not
     * applied yet) wrote no rows: it is refused as rollback refuses a tag the history lacks (NOT_IN_HISTORY, exit 2),
     * naming the option, not an empty answer.
     */
    @Override
    CommandResult run(TillDatabase database) throws Exception {
        // After an interrupted upgrade, the trail the next boot keeps: the snapshot's, which it restores first.
        MigrationRecords records = new MigrationRecords(PosDatabaseChecks.existingAsTheNextBootFindsIt(
                PosDatabaseSettings.of(database).build()));
        List<AuditEntry> audit = records.audit(changeset, userId == null ? null : String.valueOf(userId));
        if (changeset != null && audit.isEmpty() && records.history().stream().noneMatch(h -> h.id().equals(changeset))) {
            throw new PosDatabaseException(BootFailure.NOT_IN_HISTORY, "--changeset " + changeset + ": no such changeset "
                    + "in the history of " + database.description() + " (posdb history lists the applied ones)");
        }
        return new Result(database.description(), true, audit);
    }
}
