package io.posdb.cli;

import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Which database a command works on. {@code --db} or {@code --url} when given (both is a usage
 * error), else the environment's {@code POSDB_URL}, else {@value #DEFAULT_DB}. An explicit option
 * always beats the environment: an exported head-office URL must never redirect
 * {@code boot --db shop.db}.
 */
class DatabaseOptions {

    static final String DEFAULT_DB = "data/pos.db";
    static final String URL_VARIABLE = "POSDB_URL";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--db", paramLabel = "PATH",
            description = "SQLite database file (default: " + DEFAULT_DB + " under the working directory, unless "
                    + URL_VARIABLE + " is set).")
    Path db;

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "A JDBC URL instead of --db: jdbc:postgresql://host/db for a central server "
                    + "(or jdbc:sqlite:PATH). Without --db and --url: the environment variable " + URL_VARIABLE + ".")
    String url;

    @Mixin
    ServerLogin login;

    /** The database to work on and what chose it, for the first log line. */
    record Choice(TillDatabase database, String chosenBy) {
    }

    Choice choice() {
        if (db != null && url != null) {
            // Even when both name the same file: which one a setting came from is then said once, not guessed.
            throw new ParameterException(mixee.commandLine(), "--db and --url both name a database: give one of them");
        }
        if (db != null) {
            return new Choice(ExitCodes.option(mixee, "--db", () -> SqliteDatabase.at(db)), "--db");
        }
        if (url != null) {
            return new Choice(fromUrl(url, "--url"), "--url");
        }
        String environment = System.getenv(URL_VARIABLE);
        if (environment != null && !environment.isBlank()) {
            return new Choice(fromUrl(environment, URL_VARIABLE), "the environment variable " + URL_VARIABLE);
        }
        return new Choice(SqliteDatabase.at(Path.of(DEFAULT_DB)), "the default");
    }

    private TillDatabase fromUrl(String jdbcUrl, String source) {
        Optional<Path> file = ExitCodes.option(mixee, source, () -> SqliteDatabase.fileOf(jdbcUrl));
        if (file.isPresent()) {
            return ExitCodes.option(mixee, source, () -> SqliteDatabase.at(file.get()));
        }
        // Said whole: every URL that names no file ends up here (jdbc:sqlite::memory:, a bare path).
        return login.database(mixee, source, jdbcUrl, " for a server, or be jdbc:sqlite:PATH naming a till's file");
    }
}
