package io.posdb.cli;

import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every posdb command takes. */
public class CommonOptions {

    @Option(names = "--db", paramLabel = "PATH", defaultValue = "data/pos.db",
            description = "SQLite database file (default: ${DEFAULT-VALUE}, under the working directory).")
    Path db;

    @Option(names = "--url", paramLabel = "JDBC_URL", defaultValue = "${env:POSDB_URL}",
            description = "A JDBC URL instead of --db: jdbc:postgresql://host/db for a central server "
                    + "(or jdbc:sqlite:PATH). Default: the environment variable POSDB_URL.")
    String url;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "${env:POSDB_USER}",
            description = "Database user for --url (default: POSDB_USER).")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", defaultValue = "${env:POSDB_PASSWORD}",
            description = "Database password for --url (default: POSDB_PASSWORD; never logged).")
    String password;

    @Option(names = "--json", description = "Print one JSON object on stdout with what happened (logs go to stderr).")
    boolean json;

    @Option(names = "--verbose", description = "Also show Liquibase's and Hibernate's own log output.")
    boolean verbose;

    /** The database to work on: --url (or POSDB_URL) when given, else the SQLite file --db. */
    TillDatabase database() {
        if (url == null || url.isBlank()) {
            return SqliteDatabase.at(db);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return SqliteDatabase.at(Path.of(url.substring("jdbc:sqlite:".length())));
        }
        return new PostgresDatabase(url, user, password);
    }

    /** The SQLite file, for commands that work on files; null when the database is a server. */
    SqliteDatabase sqliteFile() {
        return database() instanceof SqliteDatabase sqlite ? sqlite : null;
    }

    /** Commands that only read must not create the database file by opening it. */
    boolean databaseExists() {
        return sqliteFile() == null || Files.isRegularFile(sqliteFile().file());
    }

    String missingDatabaseMessage() {
        return "Database file " + database().description() + " does not exist";
    }
}
