package io.posdb.upgrade;

import io.posdb.changelog.ChangelogSource;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.MigrationException;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.upgrade.sqlite.TemporaryCopy;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL {@code update} would run, computed on a snapshot copy: Liquibase's update-sql
 * still creates its tracking tables, and a preview must leave the database byte-identical.
 */
public final class UpdateSqlPreview {

    private static final Logger log = LoggerFactory.getLogger(UpdateSqlPreview.class);

    private UpdateSqlPreview() {
    }

    public static String of(SqliteDatabase database, ChangelogSource changelog) throws IOException, MigrationException {
        try (TemporaryCopy copy = TemporaryCopy.of(database, "posdb-update-sql-")) {
            log.info("Computing the SQL an update of {} would run, on a copy: {}", database.file(), copy.file());
            return new LiquibaseMigrations(copy.database(), changelog).updateSql()
                    .replace(copy.file().toString(), database.file().toString());
        }
    }
}
