package io.posdb.drift;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.FailedChangeSet;
import io.posdb.files.TemporaryFolder;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.schema.SchemaCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code changelog/schema-fingerprint.properties}, written at build time from a fresh SQLite
 * database with the whole packaged changelog applied: the digest of its applied changesets
 * ({@code sqlite.applied}), of its sqlite_master ({@code sqlite.schema}) and of its normalised
 * catalog ({@code sqlite.fingerprint}). A booted till with the same applied changesets and
 * the same schema digest has no drift, found with two queries and no scratch database: what
 * keeps a boot with nothing pending as cheap as {@code validate}. The normalised fingerprint
 * covers databases whose CREATE text differs only cosmetically (adopted legacy files).
 * <p>Run as a program during the build: {@code ExpectedFingerprint <output file>}.
 */
public final class ExpectedFingerprint {

    public static final String RESOURCE = "changelog/schema-fingerprint.properties";
    private static final Logger log = LoggerFactory.getLogger(ExpectedFingerprint.class);

    private ExpectedFingerprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ExpectedFingerprint OUTPUT");
        }
        buildStep(ChangelogSource.packaged(), Path.of(args[0]));
    }

    /**
     * Applies {@code changelog} to a fresh scratch SQLite database and writes its digests to {@code output}, as the
     * build's step runs it.
     *
     * @throws IllegalStateException a changeset fails on it: the message names it, its file and Liquibase's reason in
     *                               one line, as lint's CHANGESET_FAILS does (the build lints first, so lint's finding
     *                               normally says it before this step runs)
     */
    static void buildStep(ChangelogSource changelog, Path output) throws Exception {
        TemporaryFolder folder = TemporaryFolder.create("posdb-fingerprint-", null);
        try {
            SqliteDatabase scratch = SqliteDatabase.at(folder.path().resolve("expected.db"));
            try {
                LiquibaseScope.runOnScratchDatabaseReportingFailures(() -> new LiquibaseMigrations(scratch, changelog)
                        .update());
            } catch (Exception e) {
                FailedChangeSet failed = FailedChangeSet.in(e).orElseThrow(() -> e);
                String line = "schema fingerprint: changeset " + failed.id() + " (" + failed.file() + ") fails on a "
                        + "fresh SQLite database: " + failed.reason() + "; fix it (posdb lint names its line)";
                // The build's step fails in one line. Maven prints the message of every cause too, so Liquibase's
                // (exception class names, a precondition's toString) would come back with the cause: it goes to the
                // debug log, and the step's exception carries the line alone.
                log.debug("{}", line, e);
                throw new IllegalStateException(line);
            }
            Properties properties = new Properties();
            try (Connection connection = scratch.open()) {
                properties.setProperty("sqlite.applied", appliedDigest(MigrationRecords.history(connection)));
                properties.setProperty("sqlite.schema", SchemaCatalog.sqliteSchemaDigest(connection));
                properties.setProperty("sqlite.fingerprint", SchemaCatalog.read(connection).fingerprint());
            }
            Files.createDirectories(output.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(output)) {
                properties.store(out, "posdb: SQLite schema fingerprint of the packaged changelog (see ExpectedFingerprint)");
            }
        } finally {
            folder.closeQuietly();
        }
    }

    /** The applied changesets with their checksums, order-independent: the same set gives the same digest. */
    static String appliedDigest(List<HistoryEntry> rows) {
        return SchemaCatalog.digest(rows.stream().map(r -> r.id() + "\t" + r.author() + "\t" + r.file() + "\t"
                + r.checksum()).sorted().toList());
    }

    /** The recorded values, or empty when the build did not write them (e.g. run from an IDE). */
    static Properties recorded() {
        Properties properties = new Properties();
        try (InputStream in = ExpectedFingerprint.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
