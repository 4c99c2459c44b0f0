package io.posdb.upgrade;

import io.posdb.changelog.ChangelogSource;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.MigrationException;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.upgrade.sqlite.SqliteSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SQL {@code update} would run, computed on a snapshot copy: Liquibase's update-sql
 * still creates its tracking tables, and a preview must leave the database byte-identical.
 */
public final class UpdateSqlPreview {

    private UpdateSqlPreview() {
    }

    public static String of(SqliteDatabase database, ChangelogSource changelog) throws IOException, MigrationException {
        Path workDir = Files.createTempDirectory("posdb-update-sql-");
        Path copy = workDir.resolve(database.file().getFileName());
        try {
            SqliteSnapshots.copy(database, copy);
            return new LiquibaseMigrations(SqliteDatabase.at(copy), changelog).updateSql()
                    .replace(copy.toString(), database.file().toString());
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(workDir);
        }
    }
}
