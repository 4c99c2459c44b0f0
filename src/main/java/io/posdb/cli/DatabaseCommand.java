package io.posdb.cli;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.DatabaseFailures;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command on one database shares: the common options, the output, the
 * {@code "database"} field, and the checks that come before any work, the same for every
 * command (a file that does not exist is not created by a command that only reads it; a
 * file that is not an SQLite database or a server that refuses the connection is refused
 * the same way everywhere). Failures are thrown typed; {@link PosdbCommand} prints them and
 * {@link ExitCodes} gives their code.
 */
abstract class DatabaseCommand implements Callable<Integer>, ReportsFailures {

    private static final Logger log = LoggerFactory.getLogger(DatabaseCommand.class);

    /** What a command needs of the database before it runs. */
    enum Needs {
        /** Anything: the command creates or reports a missing database itself. */
        ANY,
        /** An existing database (a file is not created by opening it). */
        EXISTING,
        /** An existing SQLite file: the command works on files (copies, file locks). */
        EXISTING_SQLITE_FILE
    }

    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    private CommandOutput output;
    private Map<String, Object> fields;

    Needs needs() {
        return Needs.ANY;
    }

    /** Commands that write check, before starting, that they can (a read-only file is refused as boot does). */
    boolean writes() {
        return false;
    }

    /** Runs the command; {@code fields} already names the database. Returns the exit code of a success. */
    abstract int run(CommandOutput output, Map<String, Object> fields) throws Exception;

    @Override
    public Integer call() throws Exception {
        output = new CommandOutput(spec, options);
        CommonOptions.Choice choice = options.choice();
        TillDatabase database = choice.database();
        fields = CommandOutput.fields("database", database.description());
        log.info("posdb {} on database {} (from {})", spec.name(), database.description(), choice.chosenBy());
        if (needs() == Needs.EXISTING_SQLITE_FILE && !(database instanceof SqliteDatabase)) {
            throw new ParameterException(spec.commandLine(), spec.name() + " works on SQLite files (--db); for a "
                    + "server use its own backups and status/update");
        }
        try {
            PosDatabaseSettings checked = PosDatabaseSettings.of(database).build();
            if (needs() == Needs.ANY) {
                PosDatabaseChecks.requireUsable(checked);
            } else {
                PosDatabaseChecks.requireExisting(checked);
            }
            if (writes()) {
                PosDatabaseChecks.requireWritable(checked);
            }
            return run(output, fields);
        } catch (PosDatabaseException | ParameterException e) {
            // Already typed: translating them again would turn a kind without a driver error into a plain failure.
            throw e;
        } catch (Exception e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /** The one-line message on stderr, and with --json the JSON object with what was known so far. */
    @Override
    public void reportFailure(Throwable error, int exitCode) {
        output.failure(spec.name(), error, fields, exitCode);
    }

    @Override
    public boolean started() {
        return output != null && fields != null;
    }
}
