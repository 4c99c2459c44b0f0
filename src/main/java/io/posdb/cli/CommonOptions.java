package io.posdb.cli;

import io.posdb.bootstrap.SqliteDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every posdb command takes. */
public class CommonOptions {

    @Option(names = "--db", paramLabel = "PATH", defaultValue = "data/pos.db",
            description = "SQLite database file (default: ${DEFAULT-VALUE}, under the working directory).")
    Path db;

    @Option(names = "--json", description = "Print one JSON object on stdout with what happened (logs go to stderr).")
    boolean json;

    @Option(names = "--verbose", description = "Also show Liquibase's and Hibernate's own log output.")
    boolean verbose;

    SqliteDatabase database() {
        return SqliteDatabase.at(db);
    }

    /** Commands that only read must not create the database file by opening it. */
    boolean databaseExists() {
        return Files.isRegularFile(database().file());
    }

    String missingDatabaseMessage() {
        return "Database file " + database().file() + " does not exist";
    }
}
