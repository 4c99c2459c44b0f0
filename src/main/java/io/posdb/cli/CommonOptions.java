package io.posdb.cli;

import io.posdb.bootstrap.SqliteDatabase;
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
}
