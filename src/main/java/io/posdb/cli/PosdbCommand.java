package io.posdb.cli;

import io.posdb.changelog.Release;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code posdb}: the schema and migration tool of the point-of-sale backend. Public because it is
 * the jar's main class and what tests and tools drive; every other class of this package is
 * package-private (picocli and Jackson reach them reflectively). It is also every command's
 * {@code --version}: the release number.
 */
@Command(name = "posdb", mixinStandardHelpOptions = true, versionProvider = PosdbCommand.class,
        description = "Schema and migrations of the point-of-sale database: a till's SQLite file or a PostgreSQL server.",
        subcommands = {BootCommand.class, StatusCommand.class, UpdateCommand.class, ValidateCommand.class,
            HistoryCommand.class, AuditCommand.class, RollbackCommand.class, DowngradeCommand.class, UpdateSqlCommand.class,
            RehearseCommand.class, ReleaseLocksCommand.class, TransferCommand.class,
            LintCommand.class, DriftCommand.class, DoctorCommand.class},
        // The list itself is ExitCodes.table(), made from the failure kinds: it cannot drift from the codes.
        exitCodeListHeading = "%nExit codes:%n")
public final class PosdbCommand implements Runnable, CommandLine.IVersionProvider {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line; tests drive it exactly as {@link #main} does. */
    public static CommandLine newCommandLine() {
        return ExitCodes.install(new CommandLine(new PosdbCommand()));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    @Override
    public String[] getVersion() {
        return new String[] {"posdb " + Release.current()};
    }
}
