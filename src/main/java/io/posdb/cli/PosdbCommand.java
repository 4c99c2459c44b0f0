package io.posdb.cli;

import io.posdb.bootstrap.BootFailure;
import io.posdb.migration.ChangelogException;
import picocli.CommandLine;
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
            "6:not an SQLite database, truncated or corrupt",
            "7:cannot write: read-only file or folder, folder cannot be created, disk full",
            "8:another live process holds the database's upgrade lock beyond --lock-wait",
            "9:the changelog is missing or malformed",
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
                .setExitCodeExceptionMapper(PosdbCommand::exitCodeOf)
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    // One line a support person can act on, not a stack trace; the cause is in --verbose logs.
                    commandLine.getErr().println("posdb " + commandLine.getCommandName() + ": " + error.getMessage());
                    org.slf4j.LoggerFactory.getLogger(PosdbCommand.class).debug("posdb failed", error);
                    return exitCodeOf(error);
                });
    }

    /** picocli consults this mapper for command-line errors too, so usage errors are told apart here. */
    static int exitCodeOf(Throwable error) {
        if (error instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        if (error instanceof ChangelogException) {
            return BootFailure.BAD_CHANGELOG.exitCode();
        }
        return ExitCodes.FAILURE;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
