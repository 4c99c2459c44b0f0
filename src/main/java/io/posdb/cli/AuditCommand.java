package io.posdb.cli;

import io.posdb.changelog.AuditEntry;
import io.posdb.changelog.MigrationRecords;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "The data-migration audit trail: one row per value a migration changed.")
class AuditCommand extends DatabaseCommand {

    @Option(names = "--changeset", paramLabel = "ID", description = "Only rows written by this changeset.")
    String changeset;

    @Option(names = "--user-id", paramLabel = "ID", description = "Only rows about this user (row id).")
    Long userId;

    @Override
    Needs needs() {
        return Needs.EXISTING;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields) throws SQLException {
        List<AuditEntry> entries = new MigrationRecords(options.database())
                .audit(changeset, userId == null ? null : String.valueOf(userId));
        fields.put("ok", true);
        fields.put("audit", entries);
        output.result(fields, Tables.render(
                List.of("#", "changeset", "table", "row", "column", "old", "new", "note", "at"),
                entries.stream().map(a -> List.of(String.valueOf(a.id()), a.changesetId(), a.tableName(),
                        a.rowId(), a.columnName(), String.valueOf(a.oldValue()), String.valueOf(a.newValue()),
                        a.note() == null ? "" : a.note(), a.migratedAt())).toList()));
        return ExitCodes.OK;
    }
}
