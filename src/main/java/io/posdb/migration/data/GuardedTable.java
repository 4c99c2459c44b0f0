package io.posdb.migration.data;

import io.posdb.migration.RunningChangeSet;
import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import liquibase.changelog.ChangeSet;
import liquibase.exception.CustomPreconditionErrorException;

/**
 * What a guard before a narrowing or a unique index ({@link RowsMeetNarrowing}, {@link DistinctValues}) checks first:
 * the table it names is there. The changesets before the guarded change made it, on a fresh database too, so a
 * guard that finds none names the wrong one (a misspelt {@code tableName}), and passing would let the change run
 * unchecked.
 */
final class GuardedTable {

    private GuardedTable() {
    }

    /**
     * Halts, naming the guard's changeset, unless {@code tableName} exists: "Cannot check {@code checking} in
     * 0012-…: the database has no table t (the guard's tableName must name {@code mustName})".
     */
    static void require(Connection connection, String tableName, String checking, String mustName)
            throws SQLException, CustomPreconditionErrorException {
        if (!Jdbc.tableExists(connection, tableName)) {
            throw new CustomPreconditionErrorException("Cannot check " + checking + " in " + guard()
                    + ": the database has no table " + tableName + " (the guard's tableName must name " + mustName + ")");
        }
    }

    /**
     * The guard's changeset, for "a data change numbered before it": bin/new-changeset --data numbers a data change
     * after the newest changeset, after this guard, whose halt it would then never get past (changesets run in the
     * master's order, which lint keeps the number order). Short: the cause line a till prints has room for the rows,
     * and for the later guards not checked yet; docs/writing-migrations.md says how to renumber.
     */
    static String guard() {
        return RunningChangeSet.get().map(ChangeSet::getId).orElse("this guard");
    }
}
