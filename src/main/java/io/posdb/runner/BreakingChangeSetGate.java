package io.posdb.runner;

import io.posdb.failure.PosDatabaseException;
import io.posdb.schema.Compatibility;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Asked about each changeset that turned out breaking for older releases, after it ran and before
 * its transaction commits (a server upgrade looks for connected older tills here, issue 21 §4).
 * Throwing refuses it: the update stops with that failure, and its transaction (on a server, the
 * whole upgrade's) is rolled back.
 */
@FunctionalInterface
public interface BreakingChangeSetGate {

    /**
     * @param releaseLabel the changeset's {@code release-X.Y} label, or null when it has none
     * @param connection the changeset's own connection, inside its transaction
     */
    void beforeCommit(String changeSetId, String releaseLabel, Compatibility compatibility, Connection connection)
            throws PosDatabaseException, SQLException;
}
