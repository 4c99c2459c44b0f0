package io.posdb.cli;

import picocli.CommandLine.Option;

/** How every command reports (see {@link CommandOutput}): a JSON object instead of text, and the libraries' own logs. */
class OutputOptions {

    @Option(names = "--json", description = "Print one JSON object on stdout with what happened (logs go to stderr).")
    boolean json;

    @Option(names = "--verbose", description = "Also show Liquibase's and Hibernate's own log output.")
    boolean verbose;
}
