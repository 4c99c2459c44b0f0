package io.posdb.cli;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.PostgresDatabase;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Who logs in to a database server: {@code --user} and {@code --password}, each defaulting to the environment,
 * and the till's name its connections show ({@code --till-name}).
 */
class ServerLogin {

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "${env:POSDB_USER}",
            description = "Database user for a server URL (default: POSDB_USER).")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", defaultValue = "${env:POSDB_PASSWORD}",
            description = "Database password for a server URL (default: POSDB_PASSWORD; never logged).")
    String password;

    @Option(names = "--till-name", paramLabel = "NAME",
            description = "This till's name on a server: its connections show as 'posdb <release> NAME' "
                    + "(default: till-<host name>).")
    String tillName;

    /**
     * The server at {@code jdbcUrl} (given by {@code option}) as this till logs in to it; a url that names none is
     * refused saying what else the option takes ({@code otherwise}, {@link PostgresDatabase#requireServerUrl}).
     */
    PostgresDatabase database(CommandSpec spec, String option, String jdbcUrl, String otherwise) {
        PostgresDatabase database = ExitCodes.option(spec, option, () -> new PostgresDatabase(
                PostgresDatabase.requireServerUrl(jdbcUrl, otherwise), user, password));
        if (tillName == null) {
            return database; // the settings name it with the default till name
        }
        // Named through the one settings type, which checks the name; later settings keep it.
        return ExitCodes.option(spec, "--till-name",
                () -> (PostgresDatabase) PosDatabaseSettings.of(database).tillName(tillName).build().database());
    }
}
