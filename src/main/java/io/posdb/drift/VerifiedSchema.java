package io.posdb.drift;

import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.Release;
import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's shortcut for the boot check: a verified fingerprint kept on the server, as the
 * comment of Liquibase's table {@code databasechangelog}. After a full comparison finds no
 * drift it records the pair it compared: a key for the applied changesets (with this release
 * and the server's version) and the digest of the live catalog. A later boot reads the
 * catalog and the comment; the same pair means the schema is one a full comparison has
 * already found clean, so no scratch database is built.
 * <p>The digest is the fingerprint of the very catalog the comparison compares, so a hand
 * change alters it and the next boot compares in full. A changeset applied or rolled back
 * alters the key. A new release alters it too (its custom changes or catalog reading may
 * differ), and so does a server upgrade (catalog output may differ): one full comparison each.
 * The comment is on Liquibase's own table, which drift never compares, and needs only the
 * ownership of that table, which the till's user has from creating it.
 * <p>{@code comment} is the pair as this till would record it, {@code recorded} the comment found on the server.
 */
record VerifiedSchema(String comment, String recorded) {

    private static final Logger log = LoggerFactory.getLogger(VerifiedSchema.class);
    private static final String FORMAT = "posdb verified schema, format 1";
    private static final String READ = "SELECT obj_description(to_regclass('databasechangelog'), 'pg_class'), "
            + "current_setting('server_version_num')";

    /** The pair for the live {@code catalog} and {@code applied} changesets, and the comment found on the server. */
    static VerifiedSchema read(Connection connection, SchemaCatalog catalog, List<HistoryEntry> applied)
            throws SQLException {
        return Jdbc.rows(connection, READ, List.of(), rs -> {
            String key = SchemaCatalog.digest(List.of(FORMAT, "posdb " + Release.current(), "server " + rs.getString(2),
                    "applied " + ExpectedFingerprint.appliedDigest(applied)));
            return new VerifiedSchema("posdb verified: no schema drift at changesets " + key + " with catalog "
                    + catalog.fingerprint(), rs.getString(1));
        }).get(0);
    }

    /** The server holds this very pair: a full comparison found this schema clean for these changesets. */
    boolean matches() {
        return comment.equals(recorded);
    }

    /**
     * Records the pair after a full comparison found no drift, or throws with nothing written (the
     * caller treats it as best effort: a user that does not own the table, a read-only server, or a
     * lock not granted within two seconds only means the next boot compares in full again). Two tills recording at once are harmless: each writes a
     * pair it has verified, and COMMENT serialises them on the table's lock.
     */
    void record(String database, Connection connection) throws SQLException {
        if (matches()) {
            return;
        }
        // COMMENT takes no bound parameters; the text is posdb's own words and hex digests, checked here.
        if (!comment.matches("[a-z0-9 :]+")) {
            throw new IllegalStateException("unexpected characters in the verified-schema comment: " + comment);
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = '2s'");
            statement.execute("COMMENT ON TABLE databasechangelog IS '" + comment + "'");
            connection.commit();
            log.info("Recorded on {} that its schema has no drift: the next boot checks its fingerprint only", database);
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
