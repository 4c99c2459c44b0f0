package io.posdb.drift;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.SqliteDatabase;
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

    private ExpectedFingerprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ExpectedFingerprint OUTPUT");
        }
        ChangelogSource packaged = ChangelogSource.packaged();
        TemporaryFolder folder = TemporaryFolder.create("posdb-fingerprint-", null);
        try {
            SqliteDatabase scratch = SqliteDatabase.at(folder.path().resolve("expected.db"));
            new LiquibaseMigrations(scratch, packaged).update();
            Properties properties = new Properties();
            try (Connection connection = scratch.open()) {
                properties.setProperty("sqlite.applied", appliedDigest(MigrationRecords.history(connection)));
                properties.setProperty("sqlite.schema", SchemaCatalog.sqliteSchemaDigest(connection));
                properties.setProperty("sqlite.fingerprint", SchemaCatalog.read(connection).fingerprint());
            }
            Files.createDirectories(Path.of(args[0]).toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
                properties.store(out, "posdb: SQLite schema fingerprint of the packaged changelog (see ExpectedFingerprint)");
            }
        } finally {
            ScratchSchema.deleteQuietly(folder);
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
