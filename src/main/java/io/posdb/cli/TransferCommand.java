package io.posdb.cli;

import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.api.PosDatabaseTransfer;
import io.posdb.report.TransferredTable;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.FailureReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Takes only its own options (no --db/--url, no snapshots): its two databases are named by --from-db and --to-url. */
@Command(name = "transfer", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Move a shop's upgraded SQLite data into a freshly migrated PostgreSQL database in one "
                + "transaction (ids, exact decimals, sequences), verifying row counts and money totals per table. "
                + "A non-empty target is refused before anything is written to it; the source is read in one read "
                + "transaction. Exit 0 done, 1 refused or failed (the target is left as it was); 6 and 10 as for boot.")
class TransferCommand implements Callable<Integer>, ReportsFailures {

    private static final Logger log = LoggerFactory.getLogger(TransferCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--from-db", paramLabel = "PATH", required = true, description = "The shop's SQLite database.")
    Path fromDb;

    @Option(names = "--to-url", paramLabel = "JDBC_URL", required = true,
            description = "The PostgreSQL database (jdbc:postgresql://host/db).")
    String toUrl;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "${env:POSDB_USER}",
            description = "The target's user (default: POSDB_USER).")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", defaultValue = "${env:POSDB_PASSWORD}",
            description = "The target's password (default: POSDB_PASSWORD; never logged).")
    String password;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for another process migrating the target (default: ${DEFAULT-VALUE}).")
    long lockWaitSeconds;

    @Option(names = "--json", description = "Print one JSON object on stdout with what happened (logs go to stderr).")
    boolean json;

    @Option(names = "--verbose", description = "Also show Liquibase's and Hibernate's own log output.")
    boolean verbose;

    private CommandOutput output;
    private Map<String, Object> fields;

    @Override
    public Integer call() throws PosDatabaseException {
        output = new CommandOutput(spec, json, verbose);
        PostgresDatabase target;
        try {
            target = new PostgresDatabase(toUrl, user, password);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--to-url: " + FailureReason.of(e), e);
        }
        PosDatabaseSettings.Builder targetSettings = PosDatabaseSettings.of(target);
        UpgradeOptions.option(spec, "--lock-wait", () -> targetSettings.lockWait(Duration.ofSeconds(lockWaitSeconds)));
        SqliteDatabase source = SqliteDatabase.at(fromDb);
        fields = CommandOutput.fields("from", source.description(), "to", target.description());
        log.info("posdb transfer from database {} to database {}", source.description(), target.description());
        List<TransferredTable> checks = PosDatabaseTransfer.shopToServer(PosDatabaseSettings.of(source).build(),
                targetSettings.build());
        fields.put("ok", true);
        fields.put("tables", checks);
        output.result(fields, "Transferred " + fromDb + " to " + target.description() + ":"
                + System.lineSeparator() + Tables.render(List.of("table", "rows", "money total"), checks.stream()
                .map(c -> List.of(c.table(), String.valueOf(c.targetRows()),
                        c.targetTotal() == null ? "" : c.targetTotal().toPlainString())).toList()));
        return ExitCodes.OK;
    }

    @Override
    public boolean started() {
        return output != null && fields != null;
    }

    @Override
    public void reportFailure(Throwable error, int exitCode) {
        output.failure(spec.name(), error, fields, exitCode);
    }
}
