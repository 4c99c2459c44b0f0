package io.posdb.drift;

import io.posdb.database.SqliteDatabase;
import io.posdb.migration.ChangelogManifest;
import io.posdb.migration.ChangelogSource;
import io.posdb.migration.LiquibaseMigrations;
import io.posdb.migration.ManifestEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * {@code changelog/schema-fingerprint.properties}, written at build time: the fingerprint of
 * the SQLite schema the whole packaged changelog produces, keyed by a digest of its
 * changesets. A booted till whose schema has this fingerprint has no drift, found without a
 * scratch database: what keeps a boot with nothing pending as cheap as {@code validate}.
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
        Path folder = Files.createTempDirectory("posdb-fingerprint");
        SqliteDatabase scratch = SqliteDatabase.at(folder.resolve("expected.db"));
        new LiquibaseMigrations(scratch, packaged).update();
        Properties properties = new Properties();
        try (Connection connection = scratch.open()) {
            properties.setProperty("sqlite.changesets", changeSetsDigest(ChangelogManifest.parse(packaged).entries()));
            properties.setProperty("sqlite.fingerprint", SqliteCatalogReader.read(connection).fingerprint());
        }
        Files.createDirectories(Path.of(args[0]).toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
            properties.store(out, "posdb: SQLite schema fingerprint of the packaged changelog (see ExpectedFingerprint)");
        }
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The recorded fingerprint when {@code entries} are exactly the changesets it was built from, else null. */
    static String recorded(List<ManifestEntry> entries) {
        try (InputStream in = ExpectedFingerprint.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return changeSetsDigest(entries).equals(properties.getProperty("sqlite.changesets"))
                    ? properties.getProperty("sqlite.fingerprint") : null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    static String changeSetsDigest(List<ManifestEntry> entries) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (ManifestEntry e : entries) {
                digest.update((e.id() + "\t" + e.author() + "\t" + e.file() + "\t" + e.checksum() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
