package io.posdb.cli;

import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationRecords;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Applied changesets: id, when, exec type (EXECUTED / MARK_RAN), tag.")
class HistoryCommand extends DatabaseCommand {

    @Override
    Needs needs() {
        return Needs.EXISTING;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields) throws SQLException {
        List<HistoryEntry> history = new MigrationRecords(options.database()).history();
        fields.put("ok", true);
        fields.put("history", history);
        output.result(fields, Tables.render(List.of("#", "id", "executed", "type", "tag"), history.stream()
                .map(h -> List.of(String.valueOf(h.order()), h.id(), h.dateExecuted(), h.execType(),
                        h.tag() == null ? "" : h.tag()))
                .toList()));
        return ExitCodes.OK;
    }
}
