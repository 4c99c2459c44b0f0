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
 * by logback configuration) are public: picocli and Jackson reach the rest reflectively. It is a
 * client and holds no upgrade logic of its own: everything that writes, and every check or plan the
 * boot also runs, goes through {@code io.posdb.api} ({@code PosDatabase}, {@code PosDatabaseChecks},
 * {@code PosDatabaseMaintenance}, {@code PosDatabaseTransfer}, with {@code PosDatabaseSettings} built
 * from the options). Besides the api it uses only read-only query classes and descriptions:
 * <ul>
 *   <li>{@code io.posdb.changelog}'s read models: {@code MigrationRecords} (history, audit, state) with
 *       {@code HistoryEntry}, {@code AuditEntry}, {@code DatabaseState}; {@code MigrationPlan},
 *       {@code PendingChangeSet}, {@code AppliedChangeSet}; {@code ChangelogSource},
 *       {@code ChangelogLocation} and {@code Release} (which changelog, which release);</li>
 *   <li>{@code io.posdb.drift} (compares, writes nothing to the database) and {@code io.posdb.lint}
 *       (reads the changelog files);</li>
 *   <li>{@code io.posdb.database}, to say which database the options name;</li>
 *   <li>{@code io.posdb.failure}: the kinds and their exit codes, the typed exceptions, and
 *       {@code FailedChangeSet} to name a failed changeset on stderr.</li>
 * </ul>
 * PackageLayoutTest fails the build when a class here uses anything else of posdb's (the upgrade flow,
 * the runner, the ORM, the custom changes, the SQL helpers, transfer) or a library other than the JDK,
 * picocli, Jackson, SLF4J and Logback.
 */
package io.posdb.cli;
