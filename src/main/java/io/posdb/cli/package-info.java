/**
 * The {@code posdb} command line: picocli commands, the exit-code mapping and the output. A command
 * is its options (picocli mixins shared by every command that takes them: {@code DatabaseOptions},
 * {@code UpgradeOptions}, {@code ChangelogOption}, {@code LockWaitOption}, {@code ServerLogin},
 * {@code OutputOptions}) and a {@code run} that returns one typed result record ({@code CommandResult}):
 * {@code --json} prints that record through the package's one Jackson mapper ({@code JsonOutput}), and
 * the text a person reads is written from the same record. {@code Subcommand} and {@code DatabaseCommand}
 * hold what every command shares; {@code ExitCodes} is the one exit-code mapping, the one place a refused
 * option value becomes a usage error, and the exit-code list of {@code --help}, made from
 * {@code BootFailure}. Only {@code PosdbCommand} (the main class) and {@code QuietLiquibaseErrors} (named
 * by logback configuration) are public: picocli and Jackson reach the rest reflectively.
 *
 * <p>A client with no upgrade logic of its own: everything that writes, and every check or plan the boot
 * also runs, goes through {@code io.posdb.api}. Besides the api it reads only the changelog's read
 * models, drift, lint, {@code database} (which database the options name) and {@code failure} (kinds,
 * exit codes); docs/design.md (Code layout) lists them, and PackageLayoutTest fails the build on
 * anything else of posdb's or on a library other than the JDK, picocli, Jackson, SLF4J, Logback and progressbar.
 */
package io.posdb.cli;
