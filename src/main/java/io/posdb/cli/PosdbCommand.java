package io.posdb.cli;

import picocli.CommandLine;
import io.posdb.failure.FailureReason;
import picocli.CommandLine.Command;

/** {@code posdb}: the schema and migration tool of the point-of-sale backend. */
@Command(name = "posdb", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Schema and migrations of the point-of-sale SQLite database.",
        subcommands = {BootCommand.class, StatusCommand.class, UpdateCommand.class, ValidateCommand.class,
            HistoryCommand.class, AuditCommand.class, RollbackCommand.class, UpdateSqlCommand.class,
            RehearseCommand.class, ReleaseLocksCommand.class, TransferCommand.class,
            LintCommand.class, DriftCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (ready, up to date, valid)",
            "1:failure: a migration failed (database restored) or the schema is invalid",
            "2:usage error (unknown command or option, bad value)",
            "3:status: changesets are pending",
            "4:the database was upgraded by a newer release (see --allow-newer-database)",
            "5:an applied changeset was edited afterwards (checksum mismatch)",
            "6:the database file does not exist (commands that need one), is not an SQLite database, is truncated or corrupt",
            "7:cannot write: read-only file or folder, folder cannot be created, disk full",
            "8:another live process holds the database's upgrade lock beyond --lock-wait",
            "9:the changelog is missing or malformed",
            "10:cannot connect or authenticate to the database server: check the URL, the server and the credentials",
            "11:lint: the changelog breaks a rule (errors listed)",
            "12:drift: the live schema differs from what the applied changesets produce"})
public class PosdbCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line; tests drive it exactly as {@link #main} does. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new PosdbCommand())
                .setExitCodeExceptionMapper(new ExitCodes())
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    int exitCode = commandLine.getExitCodeExceptionMapper().getExitCode(error);
                    // One line a support person can act on, not a stack trace; the cause is in --verbose logs.
                    if (commandLine.getCommand() instanceof ReportsFailures command && command.started()) {
                        command.reportFailure(error, exitCode);
                    } else {
                        commandLine.getErr().println("posdb " + commandLine.getCommandName() + ": " + FailureReason.of(error));
                        commandLine.getErr().flush();
                    }
                    org.slf4j.LoggerFactory.getLogger(PosdbCommand.class).debug("posdb failed", error);
                    return exitCode;
                });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
