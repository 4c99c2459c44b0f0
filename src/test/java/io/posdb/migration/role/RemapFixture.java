package io.posdb.migration.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;

/**
 * A legacy database with the audit table (the changelog's first 7 changesets applied),
 * and the remap run on it the way Liquibase runs a changeset: in a transaction, committed
 * on success, rolled back on failure.
 */
public final class RemapFixture {

    final Path file;

    private RemapFixture(Path file) {
        this.file = file;
    }

    /** An empty legacy "user" table plus data_migration_audit. */
    static RemapFixture legacyDatabase(Path dir) throws Exception {
        Path file = LegacyDatabases.create(dir.resolve("legacy.db"), LegacyDatabases.SCHEMA);
        ChangelogSteps.applyFirst(file, 7);
        return new RemapFixture(file);
    }

    /** The change as changeset 0008 configures it. */
    public static RemapLegacyUserRoles change() {
        RemapLegacyUserRoles change = new RemapLegacyUserRoles();
        change.setChangeSetId("0008-remap-user-roles");
        change.setTableName("user");
        change.setIdColumn("id");
        change.setRoleColumn("role");
        change.setLabelColumn("name");
        change.setMapping("primary=admin,staff=user");
        change.setFallback("user");
        return change;
    }

    /** Inserts users given as name, role, name, role, ... (ids 1, 2, ...). */
    void users(String... namesAndRoles) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO \"user\" (username, name, pin_hash, role) VALUES (?, ?, 'h', ?)")) {
            for (int i = 0; i < namesAndRoles.length; i += 2) {
                insert.setString(1, "u" + i);
                insert.setString(2, namesAndRoles[i]);
                insert.setString(3, namesAndRoles[i + 1]);
                insert.executeUpdate();
            }
        }
    }

    void sql(String... statements) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    RoleRemapStats remap(RemapLegacyUserRoles change) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            connection.setAutoCommit(false);
            Database database = ChangelogSteps.wrap(connection);
            assertThat(change.validate(database).getErrorMessages()).isEmpty();
            try {
                change.execute(database);
                connection.commit();
            } catch (CustomChangeException e) {
                connection.rollback();
                throw e;
            }
            return change.stats();
        }
    }

    void rollback(RemapLegacyUserRoles change) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            connection.setAutoCommit(false);
            change.rollback(ChangelogSteps.wrap(connection));
            connection.commit();
        }
    }

    List<String> validationErrors(RemapLegacyUserRoles change) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            return change.validate(ChangelogSteps.wrap(connection)).getErrorMessages();
        }
    }

    /** Name → role of {@code table} (columns id, labelColumn, role), in id order. */
    Map<String, String> roles(String table, String labelColumn) throws Exception {
        Map<String, String> roles = new LinkedHashMap<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT \"" + labelColumn + "\", role FROM \"" + table + "\" ORDER BY id")) {
            while (rs.next()) {
                roles.put(rs.getString(1), rs.getString(2));
            }
        }
        return roles;
    }

    Map<String, String> rolesByName() throws Exception {
        return roles("user", "name");
    }

    /** Audit rows as changeset|table|row|column|old|new|note, in order. */
    List<String> audit() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT changeset_id, table_name, row_id, column_name, old_value, "
                     + "new_value, coalesce(note, '') FROM data_migration_audit ORDER BY id")) {
            while (rs.next()) {
                rows.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        }
        return rows;
    }

    long count(String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
