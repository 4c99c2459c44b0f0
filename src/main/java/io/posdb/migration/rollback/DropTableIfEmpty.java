package io.posdb.migration.rollback;

import io.posdb.migration.PosdbTableChange;
import io.posdb.migration.SqlPreview;
import io.posdb.migration.ScratchDatabase;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollback of a baseline changeset: drops its table only while it is empty. A table
 * holding rows is kept, with a warning: rolling back never deletes business data. On a
 * legacy database the baseline was only marked as ran, and its tables hold the shop's
 * data, so this keeps them, and re-applying marks them as ran again.
 * <p>Parameter: {@code tableName}, a plain identifier. A missing table is not an error:
 * there is nothing to roll back. Works on SQLite and PostgreSQL (JDBC metadata only).
 * <p>Deliberately not a {@code CustomTaskRollback}: it is used only inside a changeset's
 * {@code rollback:} block, and "undoing" it would mean recreating a table without its
 * definition; the changeset's own {@code changes:} do that.
 */
public class DropTableIfEmpty extends PosdbTableChange {

    private static final Logger log = LoggerFactory.getLogger(DropTableIfEmpty.class);

    @Override
    public void execute(Database database) throws CustomChangeException {
        if (SqlPreview.describeIfPreview(database, "Drop table " + tableName() + " if it is empty, else keep it")) {
            return;
        }
        Logger log = ScratchDatabase.quiet(DropTableIfEmpty.log);
        Connection connection = Jdbc.connectionUnder(database);
        try (Statement statement = connection.createStatement()) {
            if (!Jdbc.tableExists(connection, tableName())) {
                outcome("table " + tableName() + " does not exist");
                log.info("Rollback: table {} does not exist, nothing to drop", tableName());
                return;
            }
            long rows = Jdbc.rowCount(connection, tableName());
            if (rows > 0) {
                outcome("kept table " + tableName() + " (" + rows + " rows)");
                log.warn("Kept table {} on rollback: it holds {} rows (business data is never deleted)", tableName(), rows);
                return;
            }
            statement.execute("DROP TABLE " + SqlIdentifiers.quote(tableName()));
            outcome("dropped empty table " + tableName());
            log.info("Rollback: dropped empty table {}", tableName());
        } catch (SQLException e) {
            throw new CustomChangeException("Rolling back table " + tableName() + " failed: " + e.getMessage(), e);
        }
    }
}
