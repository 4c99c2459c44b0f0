package io.posdb.cli;

import io.posdb.migration.AuditEntry;
import io.posdb.migration.MigrationRecords;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "The data-migration audit trail: one row per value a migration changed.")
class AuditCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--changeset", paramLabel = "ID", description = "Only rows written by this changeset.")
    String changeset;

    @Option(names = "--user-id", paramLabel = "ID", description = "Only rows about this user (row id).")
    Long userId;

    @Override
    public Integer call() {
        CommandOutput output = new CommandOutput(spec, options);
        Map<String, Object> fields = CommandOutput.fields("database", options.database().description());
        if (!options.databaseExists()) {
            return output.failure("audit", options.missingDatabaseMessage(), fields);
        }
        try {
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
        } catch (SQLException e) {
            return output.failure("audit", "Cannot read the audit trail of " + options.database().description() + ": "
                    + e.getMessage(), fields);
        }
    }
}
