package io.posdb.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command on one database shares: the common options, the output, the
 * {@code "database"} field, and the refusals that come before any work (a file that does
 * not exist must not be created by a command that only reads it; some commands work on
 * SQLite files only).
 */
abstract class DatabaseCommand implements Callable<Integer> {

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

    Needs needs() {
        return Needs.ANY;
    }

    /** Runs the command; {@code fields} already names the database. Returns the exit code. */
    abstract int run(CommandOutput output, Map<String, Object> fields) throws Exception;

    @Override
    public Integer call() throws Exception {
        CommandOutput output = new CommandOutput(spec, options);
        Map<String, Object> fields = CommandOutput.fields("database", options.database().description());
        String name = spec.name();
        if (needs() == Needs.EXISTING_SQLITE_FILE && options.sqliteFile() == null) {
            return output.failure(name, name + " works on SQLite files (--db); for a server use its own backups "
                    + "and status/update", fields);
        }
        if (needs() != Needs.ANY && !options.databaseExists()) {
            return output.failure(name, options.missingDatabaseMessage(), fields);
        }
        return run(output, fields);
    }
}
