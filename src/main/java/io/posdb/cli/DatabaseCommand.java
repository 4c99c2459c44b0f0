package io.posdb.cli;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.PosDatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/**
 * What every command on one database shares: which database ({@link DatabaseOptions}), the first
 * log line naming it, and the checks that come before any work, the same for every command (a file
 * that does not exist is not created by a command that only reads it; a file that is not an SQLite
 * database or a server that refuses the connection is refused the same way everywhere). Failures
 * are thrown typed; {@link ExitCodes} gives their code.
 */
abstract class DatabaseCommand extends Subcommand {

    private static final Logger log = LoggerFactory.getLogger(DatabaseCommand.class);

    /** What --json says of a command that failed before it knew more: the database it worked on. */
    record Started(String database) {
    }

    @Mixin
    DatabaseOptions options;

    /** Does the command's work on {@code database}, which passed the checks its {@link Needs} asks for. */
    abstract CommandResult run(TillDatabase database) throws Exception;

    @Override
    final CommandResult run() throws Exception {
        Needs declared = getClass().getAnnotation(Needs.class);
        Needs.Database needs = declared == null ? Needs.Database.ANY : declared.value();
        DatabaseOptions.Choice choice = options.choice();
        TillDatabase database = choice.database();
        known(new Started(database.description()));
        worksOn(database.engine());
        log.info("posdb {} on database {} (from {})", spec.name(), database.description(), choice.chosenBy());
        if (needs == Needs.Database.EXISTING_SQLITE_FILE && !(database instanceof SqliteDatabase)) {
            throw new ParameterException(spec.commandLine(), spec.name() + " works on SQLite files (--db); "
                    + (spec.name().equals("release-locks") ? "on a server, Liquibase's own bin/liquibase release-locks "
                    + "--url JDBC_URL releases a lock a dead process left" : "for a server use its own backups and "
                    + "status/update"));
        }
        try {
            PosDatabaseSettings checked = PosDatabaseSettings.of(database).build();
            if (needs == Needs.Database.ANY) {
                PosDatabaseChecks.requireUsable(checked);
            } else {
                PosDatabaseChecks.requireExisting(checked);
            }
            if (needs == Needs.Database.EXISTING_TO_CHANGE) {
                PosDatabaseChecks.requireWritable(checked);
            }
            return run(database);
        } catch (PosDatabaseException | ParameterException e) {
            // Already typed: translating them again would turn a kind without a driver error into a plain failure.
            throw e;
        } catch (Exception e) {
            throw DatabaseFailures.of(database, e);
        }
    }
}
