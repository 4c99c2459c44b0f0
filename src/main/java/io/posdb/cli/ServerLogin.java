package io.posdb.cli;

import picocli.CommandLine.Option;

/** Who logs in to a database server: {@code --user} and {@code --password}, each defaulting to the environment. */
class ServerLogin {

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "${env:POSDB_USER}",
            description = "Database user for a server URL (default: POSDB_USER).")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", defaultValue = "${env:POSDB_PASSWORD}",
            description = "Database password for a server URL (default: POSDB_PASSWORD; never logged).")
    String password;
}
