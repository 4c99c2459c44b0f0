package io.posdb.runs;

import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The two tables of the runs' record, created as Liquibase creates its own (CREATE TABLE IF NOT
 * EXISTS, outside the changelog) with one text for SQLite and PostgreSQL. Timestamps are ISO-8601
 * UTC text, so both engines read them back alike.
 */
final class RunTables {

    static final String RUN = "posdb_upgrade_run";
    static final String STEP = "posdb_upgrade_step";

    private static final String CREATE_RUN = "CREATE TABLE IF NOT EXISTS " + RUN + " ("
            + "id VARCHAR(36) NOT NULL PRIMARY KEY, "
            + "operation VARCHAR(20) NOT NULL, "
            + "started_at VARCHAR(40) NOT NULL, "
            + "finished_at VARCHAR(40), "
            + "release_from VARCHAR(40), "
            + "release_to VARCHAR(40), "
            + "outcome VARCHAR(20) NOT NULL, "
            + "host VARCHAR(255), "
            + "pid BIGINT, "
            + "message TEXT)";
    private static final String CREATE_STEP = "CREATE TABLE IF NOT EXISTS " + STEP + " ("
            + "run_id VARCHAR(36) NOT NULL REFERENCES " + RUN + " (id), "
            + "seq INTEGER NOT NULL, "
            + "changeset_id VARCHAR(255) NOT NULL, "
            + "author VARCHAR(255), "
            + "file VARCHAR(255), "
            + "started_at VARCHAR(40), "
            + "duration_ms BIGINT, "
            + "rows_changed BIGINT, "
            + "outcome VARCHAR(20) NOT NULL, "
            + "message TEXT, "
            + "named_rows TEXT, "
            + "PRIMARY KEY (run_id, seq))";

    private RunTables() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_RUN);
            statement.execute(CREATE_STEP);
        }
    }

    static boolean exist(Connection connection) throws SQLException {
        return SqlIdentifiers.tableExists(connection, RUN) && SqlIdentifiers.tableExists(connection, STEP);
    }
}
