package io.posdb.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a person might do to a till's or server's schema by hand, each with the difference
 * drift must report, in the same words on both engines.
 */
enum HandChange {
    INDEX_DROPPED("index idx_data_migration_audit_changeset is missing") {
        @Override
        void onSqlite(Connection c) throws SQLException {
            execute(c, "DROP INDEX \"idx_data_migration_audit_changeset\"");
        }

        @Override
        void onPostgres(Connection c) throws SQLException {
            execute(c, "DROP INDEX \"idx_data_migration_audit_changeset\"");
        }
    },
    ROLE_CHECK_REMOVED("CHECK on user.role is missing") {
        @Override
        void onSqlite(Connection c) throws SQLException {
            rebuild(c, "user", " CHECK (\"role\" IN ('admin', 'user'))", "");
        }

        @Override
        void onPostgres(Connection c) throws SQLException {
            execute(c, "ALTER TABLE \"user\" DROP CONSTRAINT \"ck_user_role\"");
        }
    },
    TRIGGER_ADDED("trigger sale_touch is not in the changelog") {
        @Override
        void onSqlite(Connection c) throws SQLException {
            execute(c, "CREATE TRIGGER \"sale_touch\" AFTER INSERT ON \"sale\" BEGIN SELECT 1; END");
        }

        @Override
        void onPostgres(Connection c) throws SQLException {
            execute(c, "CREATE FUNCTION sale_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
            execute(c, "CREATE TRIGGER sale_touch AFTER INSERT ON sale FOR EACH ROW EXECUTE FUNCTION sale_touch()");
        }
    },
    FOREIGN_KEY_ACTION_CHANGED("foreign key saleitem(sale_id): on delete is 'RESTRICT', the changelog has 'CASCADE'") {
        @Override
        void onSqlite(Connection c) throws SQLException {
            rebuild(c, "saleitem", "REFERENCES \"sale\" (\"id\") ON DELETE CASCADE",
                    "REFERENCES \"sale\" (\"id\") ON DELETE RESTRICT");
        }

        @Override
        void onPostgres(Connection c) throws SQLException {
            execute(c, "ALTER TABLE saleitem DROP CONSTRAINT saleitem_sale_id_fkey, ADD CONSTRAINT saleitem_sale_id_fkey "
                    + "FOREIGN KEY (sale_id) REFERENCES sale (id) ON DELETE RESTRICT");
        }
    },
    COLUMN_DEFAULT_CHANGED("column product.stock: default is '5', the changelog has '0'") {
        @Override
        void onSqlite(Connection c) throws SQLException {
            rebuild(c, "product", "\"stock\" INT NOT NULL  DEFAULT 0", "\"stock\" INT NOT NULL DEFAULT 5");
        }

        @Override
        void onPostgres(Connection c) throws SQLException {
            execute(c, "ALTER TABLE product ALTER COLUMN stock SET DEFAULT 5");
        }
    },
    COLUMN_DEFAULT_DROPPED("column product.stock: has no default, the changelog has '0'") {
        @Override
        void onSqlite(Connection c) throws SQLException {
            rebuild(c, "product", "\"stock\" INT NOT NULL  DEFAULT 0", "\"stock\" INT NOT NULL");
        }

        @Override
        void onPostgres(Connection c) throws SQLException {
            execute(c, "ALTER TABLE product ALTER COLUMN stock DROP DEFAULT");
        }
    };

    final String difference;

    HandChange(String difference) {
        this.difference = difference;
    }

    abstract void onSqlite(Connection connection) throws SQLException;

    abstract void onPostgres(Connection connection) throws SQLException;

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * A hand rebuild as people do it (SQLite's own procedure): foreign keys off, create-copy-drop-rename
     * in one transaction, then the table's indexes and triggers created again. Without that last step
     * every index on the table (one a later release adds, say) would be a second difference.
     */
    static void rebuild(Connection connection, String table, String from, String to) throws SQLException {
        List<String> dependents = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT sql FROM sqlite_master "
                + "WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    dependents.add(rs.getString(1));
                }
            }
        }
        String sql;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                sql = rs.getString(1);
            }
        }
        assertThat(sql).as("the hand change's starting point").contains(from);
        String changed = sql.replace(from, to).replaceFirst("CREATE TABLE \"?" + table + "\"?",
                "CREATE TABLE \"" + table + "_hand\"");
        execute(connection, "PRAGMA foreign_keys = OFF");
        connection.setAutoCommit(false);
        execute(connection, changed);
        execute(connection, "INSERT INTO \"" + table + "_hand\" SELECT * FROM \"" + table + "\"");
        execute(connection, "DROP TABLE \"" + table + "\"");
        execute(connection, "ALTER TABLE \"" + table + "_hand\" RENAME TO \"" + table + "\"");
        for (String dependent : dependents) {
            execute(connection, dependent);
        }
        connection.commit();
        connection.setAutoCommit(true);
    }
}
