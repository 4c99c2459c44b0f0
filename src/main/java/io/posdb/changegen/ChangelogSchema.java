package io.posdb.changegen;

import io.posdb.changelog.LiquibaseScope;
import io.posdb.failure.Causes;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.migration.ColumnArchive;
import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.SqlIdentifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import liquibase.Liquibase;
import liquibase.changelog.ChangeLogParameters;
import liquibase.exception.ChangeLogParseException;
import liquibase.exception.ValidationFailedException;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * The schema the current changelog produces: Liquibase applies the master changelog to a
 * scratch SQLite file, read into the one {@link SchemaCatalog}; the column types its PostgreSQL
 * changesets give ({@link PostgresColumnTypes}); plus, for a run that writes several changesets,
 * the table definitions its earlier changesets give ({@code changedDefinitions}).
 */
record ChangelogSchema(SchemaCatalog catalog, PostgresColumnTypes postgresTypes,
                       Map<String, String> changedDefinitions) {

    private static final String MASTER = "changelog/db.changelog-master.yaml";

    /**
     * A changeset of the changelog fails on the scratch database (a mistake in a new changeset): the schema it
     * produces cannot be known, so nothing can be generated. The message names the changeset, its file and
     * Liquibase's reason in one line, as lint's CHANGESET_FAILS does; Liquibase's own failure is the cause.
     */
    static final class ChangeSetFails extends Exception {
        ChangeSetFails(FailedChangeSet failed, Throwable cause) {
            super("changeset " + failed.id() + " (" + failed.file() + ") fails when applied after the changesets "
                    + "before it, on the generator's scratch database: " + failed.reason(), cause);
        }

        /**
         * Liquibase's validation refuses a changeset before any runs (a change SQLite refuses, posdb's hazard guard):
         * as lint's errors for it, a mistake in a changeset; {@code errors} name each changeset and its file.
         */
        ChangeSetFails(String errors, Throwable cause) {
            super("Liquibase's validation refuses the changelog on the generator's scratch database: " + errors, cause);
        }
    }

    /**
     * The changelog cannot be parsed (YAML, an unknown change type, a missing include): the changelog is malformed,
     * as posdb's other commands say it (BAD_CHANGELOG); the message names the file and Liquibase's reason.
     */
    static final class ChangelogUnreadable extends Exception {
        ChangelogUnreadable(Throwable cause) {
            super(FailedChangeSet.readable(FailureReason.of(cause)), cause);
        }
    }

    /**
     * Builds the scratch database from {@code root}/changelog/db.changelog-master.yaml.
     *
     * @throws ChangeSetFails a changeset of the changelog fails on it, or Liquibase's validation refuses one
     * @throws ChangelogUnreadable the changelog cannot be parsed
     */
    static ChangelogSchema build(Path root, Path scratch) throws Exception {
        Files.deleteIfExists(scratch);
        String url = "jdbc:sqlite:" + scratch;
        // Quiet as the till's runs: the command's own output is what it wrote and why. A changeset that fails is
        // said in one line below; Liquibase's SEVERE lines and stack trace go to the debug log, as lint's do.
        PostgresColumnTypes[] postgresTypes = new PostgresColumnTypes[1];
        try {
            LiquibaseScope.runOnScratchDatabaseReportingFailures(() -> {
                try (Connection connection = DriverManager.getConnection(url)) {
                    new Liquibase(MASTER, new DirectoryResourceAccessor(root), LiquibaseScope.databaseOn(connection))
                            .update("");
                }
                ResourceAccessor resources = new DirectoryResourceAccessor(root);
                postgresTypes[0] = PostgresColumnTypes.of(ChangeLogParserFactory.getInstance().getParser(MASTER, resources)
                        .parse(MASTER, new ChangeLogParameters(), resources).getChangeSets());
            });
        } catch (Exception e) {
            // Each said in one line as the rest of posdb says it; anything else (the disk) keeps Liquibase's exception.
            if (FailedChangeSet.in(e).isPresent()) {
                throw new ChangeSetFails(FailedChangeSet.in(e).get(), e);
            }
            if (Causes.first(e, ValidationFailedException.class).isPresent()) {
                throw new ChangeSetFails(FailedChangeSet.readable(FailureReason.of(e)), e);
            }
            if (Causes.first(e, ChangeLogParseException.class).isPresent()) {
                throw new ChangelogUnreadable(e);
            }
            throw e;
        }
        try (Connection connection = DriverManager.getConnection(url)) {
            return new ChangelogSchema(SchemaCatalog.read(connection), postgresTypes[0], new HashMap<>());
        }
    }

    /**
     * Whether a table is one the entities map: business data ({@link SqlIdentifiers#isBusinessTable}, not SQLite's
     * or Liquibase's), not one of posdb's archives ({@link SqlIdentifiers#isPosdbArchive}). Never compared.
     */
    static boolean isEntityTable(String table) {
        return SqlIdentifiers.isBusinessTable(table) && !SqlIdentifiers.isPosdbArchive(table);
    }

    /** The key column archive rows name for the table ({@link ColumnArchive#keyColumn}). */
    String keyColumn(String table) {
        SchemaCatalog.Table known = catalog.table(table);
        return ColumnArchive.keyColumn(known.primaryKey(), known.columns().stream().map(SchemaCatalog.Column::name)
                .toList());
    }

    /**
     * Records the definition an earlier changeset of the same run gives the table, so that a
     * second rebuild of it starts from there instead of undoing the first.
     */
    void definitionChanged(String table, String createTableSql) {
        changedDefinitions.put(table, createTableSql);
    }

    /** The table's CREATE TABLE statement as the changelog left it (and this run's earlier changesets). */
    String createSql(String table) {
        return changedDefinitions.getOrDefault(table, catalog.table(table).definition());
    }
}
