package io.posdb.cli;

import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.migration.MigrationException;
import io.posdb.transfer.ShopTransfer;
import io.posdb.transfer.TableCheck;
import io.posdb.transfer.TransferException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "transfer", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Move a shop's upgraded SQLite data into a freshly migrated PostgreSQL database in one "
                + "transaction (ids, exact decimals, sequences), verifying row counts and money totals per table; "
                + "refuses a non-empty target. --user/--password (or POSDB_USER/POSDB_PASSWORD) are the target's. "
                + "Exit 0 done, 1 refused or failed (the target is left as it was).")
class TransferCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Mixin
    UpgradeOptions upgrade;

    @Spec
    CommandSpec spec;

    @Option(names = "--from-db", paramLabel = "PATH", required = true, description = "The shop's SQLite database.")
    Path fromDb;

    @Option(names = "--to-url", paramLabel = "JDBC_URL", required = true,
            description = "The PostgreSQL database (jdbc:postgresql://host/db).")
    String toUrl;

    @Override
    public Integer call() throws MigrationException {
        CommandOutput output = new CommandOutput(spec, options);
        PostgresDatabase target = new PostgresDatabase(toUrl, options.user, options.password);
        Map<String, Object> fields = CommandOutput.fields("from", fromDb.toAbsolutePath().toString(),
                "to", target.description());
        try {
            List<TableCheck> checks = new ShopTransfer(SqliteDatabase.at(fromDb), target, upgrade.settings(spec)).run();
            fields.put("ok", true);
            fields.put("tables", checks);
            output.result(fields, "Transferred " + fromDb + " to " + target.description() + ":"
                    + System.lineSeparator() + Tables.render(List.of("table", "rows", "money total"), checks.stream()
                    .map(c -> List.of(c.table(), String.valueOf(c.targetRows()),
                            c.targetTotal() == null ? "" : c.targetTotal().toPlainString())).toList()));
            return ExitCodes.OK;
        } catch (TransferException e) {
            return output.failure("transfer", e.getMessage(), fields);
        }
    }
}
