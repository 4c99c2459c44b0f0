package io.posdb.testsupport;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.sql.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rollback tests' shared parts: a changelog with two 2.1 changesets after the real ones (the
 * first one's rollback fails, so a rollback of both fails partway, after the second one's
 * rollback committed), files in a chosen journal mode, and everything a file holds in a form
 * tests compare.
 */
public final class RollbackFixture {

    public static final String NOTE_CHANGESETS = """
            databaseChangeLog:
              - changeSet:
                  id: 0012-till-notes
                  author: test
                  labels: release-2.1
                  changes:
                    - sql:
                        sql: CREATE TABLE till_note (id INTEGER PRIMARY KEY, text VARCHAR(100))
                  rollback:
                    - sql:
                        sql: INSERT INTO no_such_table VALUES (1)
              - changeSet:
                  id: 0013-first-note
                  author: test
                  labels: release-2.1
                  changes:
                    - sql:
                        sql: INSERT INTO till_note (id, text) VALUES (1, 'open at 8')
                    - sql:
                        sql: UPDATE category SET name = name || ' (2.1)'
                  rollback:
                    - sql:
                        sql: DELETE FROM till_note WHERE id = 1
                    - sql:
                        sql: UPDATE category SET name = substr(name, 1, length(name) - 6)
            """;

    private RollbackFixture() {
    }

    /** The real changelog plus the two note changesets, written under {@code dir}/changelog. */
    public static Path changelogWithNotes(Path dir) throws Exception {
        return Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("changelog")),
                "0012-till-notes.yaml", NOTE_CHANGESETS);
    }

    /** The id of the changeset {@link #changelogWithoutARollbackLast} adds: the number after the real ones'. */
    public static String noRollbackId() {
        return Changelogs.nextNumber() + "-test-no-rollback";
    }

    /**
     * The real changelog plus, last, a changeset ({@link #noRollbackId}, in {@code changelog/changes/<id>.yaml}) with
     * an {@code sql} change and no {@code rollback:}: one Liquibase cannot undo, on either engine. Written under
     * {@code dir}/changelog; returns the master.
     */
    public static Path changelogWithoutARollbackLast(Path dir) throws Exception {
        return Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("changelog")),
                noRollbackId() + ".yaml", """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/%1$s.yaml
                  - changeSet:
                      id: %1$s
                      author: test
                      labels: %2$s
                      changes:
                        - sql:
                            sql: CREATE TABLE test_no_rollback (id INTEGER PRIMARY KEY)
                """.formatted(noRollbackId(), Changelogs.nextReleaseLabel()));
    }

    /**
     * A file the real changelog plus the two note changesets upgraded: to a release that knows only
     * the real changelog, a database a newer release wrote.
     */
    public static Path newerDatabase(Path dir) throws Exception {
        Path file = dir.resolve("pos.db");
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(changelogWithNotes(dir)))
                .build());
        return file;
    }

    /** The legacy shop at {@code file}, in {@code journalMode} (WAL as the legacy backend's files, or DELETE). */
    public static Path legacyShop(Path file, String journalMode) throws Exception {
        LegacyDatabases.shop(file);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA journal_mode = " + journalMode)) {
            rs.next();
            if (!rs.getString(1).equalsIgnoreCase(journalMode)) {
                throw new IllegalStateException("journal_mode stayed " + rs.getString(1));
            }
        }
        return file;
    }

    /**
     * What the file holds: every business table, DATABASECHANGELOG, the audit, any other table,
     * and the schema. Two files with equal contents hold the same data and history.
     */
    public static Map<String, Object> contents(Path file) throws Exception {
        Map<String, Object> contents = new LinkedHashMap<>(DatabaseContents.businessRows(file));
        contents.put("schema", DatabaseContents.schema(file));
        try (Connection connection = LegacyDatabases.open(file)) {
            for (String table : List.of("DATABASECHANGELOG", "data_migration_audit", "till_note")) {
                if (io.posdb.sql.Jdbc.tableExists(connection, table)) {
                    contents.put(table, DatabaseContents.rows(connection, table));
                }
            }
        }
        return contents;
    }

    /** The first column of the first row as text. */
    public static String query(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
