package io.posdb.cli;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.api.PosDatabaseTransfer;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.report.TransferredTable;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Takes only its own options (no --db/--url, no snapshots): its two databases are named by --from-db and --to-url. */
@Command(name = "transfer",
        description = "Move a shop's upgraded SQLite data into a freshly migrated PostgreSQL database in one "
                + "transaction (ids, exact decimals, sequences), verifying row counts and money totals per table. "
                + "A non-empty target, and a source whose data the server has no place for, are refused before "
                + "anything is written to the target; the source is read in one read transaction. Exit 0 done, "
                + "1 refused (the target is left as it was) or failed: after the target was migrated (the server gone "
                + "mid-copy), it holds the changelog's tables with no row of the shop, and the transfer can be run "
                + "again; other codes as in posdb --help.")
class TransferCommand extends Subcommand {

    private static final Logger log = LoggerFactory.getLogger(TransferCommand.class);

    @Option(names = "--from-db", paramLabel = "PATH", required = true, description = "The shop's SQLite database.")
    Path fromDb;

    @Option(names = "--to-url", paramLabel = "JDBC_URL", required = true,
            description = "The PostgreSQL database (jdbc:postgresql://host/db).")
    String toUrl;

    @Mixin
    ServerLogin login;

    @Mixin
    LockWaitOption lockWait;

    /** What --json says if the transfer fails: the two databases. */
    record Asked(String from, String to) {
    }

    record Result(String from, String to, boolean ok, List<TransferredTable> tables) implements CommandResult {
        @Override
        public String text() {
            return "Transferred " + from + " to " + to + ":" + System.lineSeparator()
                    + Tables.render(List.of("table", "rows", "money total"), tables.stream()
                            .map(t -> Tables.row(t.table(), t.targetRows(),
                                    t.targetTotal() == null ? null : t.targetTotal().toPlainString()))
                            .toList());
        }
    }

    @Override
    CommandResult run() throws Exception {
        PostgresDatabase target = login.database(spec, "--to-url", toUrl,
                " (transfer copies into a PostgreSQL server; the till's file is --from-db)");
        PosDatabaseSettings.Builder targetSettings = PosDatabaseSettings.of(target);
        lockWait.applyTo(spec, targetSettings);
        SqliteDatabase source = ExitCodes.option(spec, "--from-db", () -> SqliteDatabase.at(fromDb));
        known(new Asked(source.description(), target.description()));
        log.info("posdb transfer from database {} to database {}", source.description(), target.description());
        List<TransferredTable> tables = PosDatabaseTransfer.shopToServer(PosDatabaseSettings.of(source).build(),
                targetSettings.build());
        return new Result(source.description(), target.description(), true, tables);
    }
}
