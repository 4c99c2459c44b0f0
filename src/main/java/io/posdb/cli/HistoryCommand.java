package io.posdb.cli;

import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.TillDatabase;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "history", description = "Applied changesets: id, when, exec type (EXECUTED / MARK_RAN), tag.")
class HistoryCommand extends DatabaseCommand {

    record Result(String database, boolean ok, List<HistoryEntry> history) implements CommandResult {
        @Override
        public String text() {
            return Tables.render(List.of("#", "id", "executed", "type", "tag"), history.stream()
                    .map(h -> Tables.row(h.order(), h.id(), h.dateExecuted(), h.execType(), h.tag()))
                    .toList());
        }
    }

    @Override
    Needs needs() {
        return Needs.EXISTING;
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        return new Result(database.description(), true, new MigrationRecords(database).history());
    }
}
