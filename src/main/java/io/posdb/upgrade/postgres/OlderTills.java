package io.posdb.upgrade.postgres;

import io.posdb.changelog.ReleaseLabels;
import io.posdb.database.ApplicationName;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.runner.BreakingChangeSetGate;
import io.posdb.schema.Compatibility;
import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back a breaking changeset while tills of an older release are connected to the same
 * database (issue 21 §4): they are the other sessions whose application_name says {@code posdb
 * <release> <till>} with a release lower than the changeset's label. A compatible changeset never
 * gets here, so older tills keep selling through it. The operator's go-ahead applies it anyway,
 * naming them at WARN.
 *
 * @param lockSessionPid the upgrade's own lock session: another of this process's connections, not a till
 * @param database       the database as messages name it
 * @param goAhead        the operator's go-ahead ({@link BootFailure#DESPITE_OLDER_TILLS_SETTING})
 */
record OlderTills(int lockSessionPid, String database, boolean goAhead) implements BreakingChangeSetGate {

    private static final Logger log = LoggerFactory.getLogger(OlderTills.class);

    @Override
    public void beforeCommit(String changeSetId, String releaseLabel, Compatibility compatibility, Connection connection)
            throws PosDatabaseException, SQLException {
        String label = ReleaseLabels.labelOrCurrent(releaseLabel);
        Map<String, TreeSet<String>> tillsByRelease = connected(connection, label);
        if (tillsByRelease.isEmpty()) {
            return;
        }
        String why = String.join("; ", compatibility.reasons());
        String tills = tillsByRelease.entrySet().stream()
                .map(e -> "tills of release " + e.getKey() + " are connected: " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
        if (goAhead) {
            log.warn("Applying changeset {} ({}), breaking for older releases ({}), although {}, going ahead with "
                    + "{}: they may fail on the new schema until they run {}",
                    changeSetId, label, why, tills, BootFailure.DESPITE_OLDER_TILLS_SETTING, label);
            return;
        }
        throw new PosDatabaseException(BootFailure.OLDER_TILLS_CONNECTED, "Changeset " + changeSetId + " (" + label
                 + ") is breaking for older releases (" + why + ") and " + tills + ". The upgrade was "
                + "rolled back on " + database + ": nothing of it stays (one transaction). Upgrade or stop those "
                + "tills and run the upgrade again, or go ahead anyway with " + BootFailure.DESPITE_OLDER_TILLS_SETTING
                + ": they may fail on the new schema.");
    }

    /** Release (X.Y) to the names of its connected tills older than {@code label}, from one read of pg_stat_activity. */
    private Map<String, TreeSet<String>> connected(Connection connection, String label) throws SQLException {
        Map<String, TreeSet<String>> tills = new TreeMap<>();
        for (String name : Jdbc.rows(connection, "SELECT application_name FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> ? "
                + "AND application_name LIKE ?", List.of(lockSessionPid, "posdb %"), rs -> rs.getString(1))) {
            ApplicationName.parse(name).ifPresent(session -> olderRelease(session.release(), label)
                    .ifPresent(release -> tills.computeIfAbsent(release, r -> new TreeSet<>()).add(session.tillName())));
        }
        return tills;
    }

    /** The till's release as X.Y when it is older than {@code label}; empty otherwise or when it is no release number. */
    private static Optional<String> olderRelease(String version, String label) {
        try {
            return ReleaseLabels.olderThan(version, label) ? Optional.of(ReleaseLabels.releaseOf(version)) : Optional.empty();
        } catch (IllegalArgumentException notARelease) {
            // Someone else's "posdb ..." application_name: not a till this upgrade can judge.
            return Optional.empty();
        }
    }
}
