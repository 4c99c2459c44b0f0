package io.posdb.changelog;

import io.posdb.database.Engine;
import io.posdb.schema.SchemaCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The changelog's manifests written at build time, one per engine ({@code
 * changelog/manifest.tsv} for SQLite, {@code changelog/manifest-postgresql.tsv} beside it, in
 * the jar): one line per changeset of that engine with its id, author, file and checksum.
 * Reading one takes a few milliseconds, where parsing the YAML changelog means starting
 * Liquibase: it is what makes a boot with nothing pending nearly free, on a till and on a
 * server alike. A changeset's checksum does not depend on the database, so the build
 * computes the server's without one.
 * <p>Run as a program during the build: {@code ManifestFile <SQLite manifest file>}; the
 * PostgreSQL manifest is written next to it.
 */
public final class ManifestFile {

    public static final String RESOURCE = "changelog/manifest.tsv";
    static final String POSTGRESQL_RESOURCE = "changelog/manifest-postgresql.tsv";
    private static final String HEADER = "# id\tauthor\tfile\tchecksum\trunAlways\trunOnChange";
    private static final String SOURCES = "# sources-sha256 ";

    private ManifestFile() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ManifestFile OUTPUT");
            System.exit(2);
        }
        Path sqlite = Path.of(args[0]).toAbsolutePath();
        write(ChangelogManifest.parse(ChangelogSource.packaged(), Engine.SQLITE), sqlite);
        write(ChangelogManifest.parse(ChangelogSource.packaged(), Engine.POSTGRESQL),
                sqlite.resolveSibling(Path.of(POSTGRESQL_RESOURCE).getFileName()));
    }

    static String resource(Engine engine) {
        return engine == Engine.SQLITE ? RESOURCE : POSTGRESQL_RESOURCE;
    }

    static void write(ChangelogManifest manifest, Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(SOURCES + sourcesDigest(ManifestFile.class.getClassLoader(), manifest.entries()));
        lines.add(HEADER);
        for (ManifestEntry e : manifest.entries()) {
            lines.add(String.join("\t", e.id(), e.author(), e.file(), e.checksum(),
                    String.valueOf(e.runAlways()), String.valueOf(e.runOnChange())));
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.write(output, lines, StandardCharsets.UTF_8);
    }

    /**
     * SHA-256 over the master changelog and every file the entries come from, in order: each file's
     * name and text (the one digest of lines, {@link SchemaCatalog#digest}).
     */
    private static String sourcesDigest(ClassLoader classes, List<ManifestEntry> entries) throws IOException {
        Set<String> files = new LinkedHashSet<>();
        files.add(ChangelogLocation.MASTER);
        entries.forEach(e -> files.add(e.file()));
        List<String> namesAndTexts = new ArrayList<>();
        for (String file : files) {
            try (InputStream in = classes.getResourceAsStream(file)) {
                if (in == null) {
                    return "missing " + file;
                }
                namesAndTexts.add(file);
                namesAndTexts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return SchemaCatalog.digest(namesAndTexts);
    }

    /**
     * The packaged manifest of {@code engine}, or null when there is none (e.g. run from an IDE without the
     * build step) or it is stale: it records a digest of the changelog files it was made
     * from, and any edit since (a changeset changed, a file added to the master) shows.
     * <p>Only a manifest in a folder of classes is checked (an IDE copies an edited YAML file there without
     * running the build step). One in a jar is not: the build writes it (process-classes) before it packages
     * it with the changelog it was made from, and checking would mean reading every changelog file of the jar
     * at every boot.
     */
    static List<ManifestEntry> readPackaged(Engine engine) {
        return readPackaged(ManifestFile.class.getClassLoader(), engine);
    }

    /** {@link #readPackaged(Engine)} from the given classes. */
    static List<ManifestEntry> readPackaged(ClassLoader classes, Engine engine) {
        URL url = classes.getResource(resource(engine));
        if (url == null) {
            return null;
        }
        // Read through the class loader, not url.openStream(): a jar's URL connection caches its JarFile for the
        // whole process, which would keep a jar read with a class loader of its own open after that is closed.
        try (InputStream in = classes.getResourceAsStream(resource(engine))) {
            List<ManifestEntry> entries = new ArrayList<>();
            String digest = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(SOURCES)) {
                    digest = line.substring(SOURCES.length()).trim();
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                entries.add(new ManifestEntry(f[0], f[1], f[2], f[3], Boolean.parseBoolean(f[4]),
                        Boolean.parseBoolean(f[5])));
            }
            return "jar".equals(url.getProtocol()) || sourcesDigest(classes, entries).equals(digest) ? entries : null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource(engine), e);
        }
    }
}
