package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.posdb.changelog.ChangelogLocation;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.Engine;
import io.posdb.failure.ChangelogException;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An {@code sqlFile} is read where a till's boot reads it, in the jar, which packages the changelog folder as the
 * class path's {@code changelog/}: lint passes exactly the paths the jar's Liquibase finds, and names one found only
 * on this disk (relative to the changelog's folder or the working folder, absolute) on its change's line, with
 * where boot looks it up. The jar here is built from the linted copy, and read as boot reads the packaged changelog
 * (Liquibase's ClassLoaderResourceAccessor, ChangelogManifest's parse with every checksum).
 */
class SqlFileTheJarLacksLintTest {

    private static final String SQL_FILE = BadChangelog.ID + ".sql";

    @TempDir
    Path dir;

    /** The path written in the changeset, from the SQL file's absolute path. */
    static Stream<Arguments> sqlFilePaths() {
        Function<Path, String> beside = file -> file.getFileName().toString();
        Function<Path, String> fromTheClassPathsRoot = file -> "changelog/changes/" + file.getFileName();
        Function<Path, String> fromTheChangelogsFolder = file -> "changes/" + file.getFileName();
        Function<Path, String> absolute = Path::toString;
        Function<Path, String> fromTheWorkingFolder = file -> Path.of("").toAbsolutePath().relativize(file).toString();
        return Stream.of(
                arguments("beside its changeset's file", beside, true, true),
                arguments("from the class path's root through changelog/", fromTheClassPathsRoot, false, true),
                arguments("from the changelog's folder, not relative to the changeset's file", fromTheChangelogsFolder,
                        false, false),
                arguments("absolute, relative to the changeset's file", absolute, true, false),
                arguments("absolute", absolute, false, false),
                arguments("from the working folder, relative to the changeset's file", fromTheWorkingFolder, true,
                        false),
                arguments("from the working folder", fromTheWorkingFolder, false, false));
    }

    @ParameterizedTest(name = "{0}, relativeToChangelogFile: {2}")
    @MethodSource("sqlFilePaths")
    void lintPassesAnSqlFileExactlyWhenTheJarBuiltFromTheChangelogHasIt(String what, Function<Path, String> path,
            boolean relativeToChangelogFile, boolean inTheJar) throws Exception {
        Path sqlFile = dir.resolve("changelog/changes").resolve(SQL_FILE).toAbsolutePath().normalize();
        Path master = changelogWithSqlFile(dir.resolve("changelog"), path.apply(sqlFile), relativeToChangelogFile);

        Path jar = jarBuiltFrom(master);
        Throwable boot;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(loader)) {
            boot = catchThrowable(() -> ChangelogManifest.parse(new ChangelogSource(ChangelogLocation.MASTER,
                    resources, "the jar"), Engine.SQLITE));
        } finally {
            closeWhatLiquibaseLeftOpen(jar);
        }
        List<Finding> findings = BadChangelog.lint(master).findings().stream()
                .filter(f -> f.rule() == Rule.SQL_FILE_NOT_PACKAGED).toList();

        assertThat(boot).as("the jar's boot reads an sqlFile named " + what).satisfies(error -> {
            if (inTheJar) {
                assertThat(error).isNull();
            } else {
                assertThat(error).isInstanceOf(ChangelogException.class);
            }
        });
        assertThat(findings).as("lint's findings on an sqlFile named " + what).hasSize(inTheJar ? 0 : 1)
                .allSatisfy(f -> {
                    assertThat(f.file()).isEqualTo(BadChangelog.FILE);
                    assertThat(f.line()).isEqualTo(8);
                    assertThat(f.message()).startsWith("sqlFile " + path.apply(sqlFile) + " (relativeToChangelogFile: "
                            + relativeToChangelogFile + ") of changeset " + BadChangelog.ID + " is not in the jar: ")
                            .contains("; it lies only on this disk, at " + sqlFile + " (");
                });
    }

    @Test
    void anSqlFileNamedFromTheChangelogsFolderIsAnErrorSayingWhereBootLooksItUpAndWhereItLies() throws Exception {
        Path master = changelogWithSqlFile(dir, "changes/" + SQL_FILE, false);
        Path sqlFile = master.toAbsolutePath().normalize().resolveSibling("changes").resolve(SQL_FILE);

        assertThat(BadChangelog.findings(master, Rule.SQL_FILE_NOT_PACKAGED)).containsExactly(BadChangelog.line(8,
                Rule.SQL_FILE_NOT_PACKAGED, "sqlFile changes/" + SQL_FILE + " (relativeToChangelogFile: false) of "
                        + "changeset " + BadChangelog.ID + " is not in the jar: boot looks it up on the class path at "
                        + "changes/" + SQL_FILE + " (from the class path's root), where there is no such file; it "
                        + "lies only on this disk, at " + sqlFile + " (under the changelog's folder)"));
    }

    /** The project's changelog, and a changeset whose one change (line 8) runs {@link #SQL_FILE} named {@code path}. */
    private static Path changelogWithSqlFile(Path folder, String path, boolean relativeToChangelogFile)
            throws Exception {
        Path master = BadChangelog.with(Files.createDirectories(folder), "        - sqlFile: { path: " + path
                + ", relativeToChangelogFile: " + relativeToChangelogFile + " }",
                "      rollback:\n        - sql: { sql: DROP INDEX IF EXISTS ix_sale_total }\n");
        Files.writeString(master.resolveSibling("changes").resolve(SQL_FILE),
                "CREATE INDEX IF NOT EXISTS ix_sale_total ON sale (total);\n");
        return master;
    }

    /**
     * The jar as Liquibase leaves it open: an entry read with URL.openStream, whose JarFile the JDK caches, and the
     * jar's file system, which its ZipResourceAccessor opens to describe where it looked and never closes (others
     * may share it). The test's folder is left with no file open.
     */
    private static void closeWhatLiquibaseLeftOpen(Path jar) throws Exception {
        ((JarURLConnection) new URL("jar:" + jar.toUri() + "!/").openConnection()).getJarFile().close();
        try {
            FileSystems.getFileSystem(URI.create("jar:" + jar.toUri())).close();
        } catch (FileSystemNotFoundException notOpened) {
            // Liquibase found what it looked for without describing where it looked.
        }
    }

    /**
     * A jar of the changelog as the build packages it: {@code master}'s folder as {@code changelog/}, read through a
     * class loader of that jar alone, as boot reads {@link ChangelogSource#packaged()}.
     */
    private Path jarBuiltFrom(Path master) throws Exception {
        Path folder = master.getParent();
        Path jar = dir.resolve("posdb.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out);
             Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.toList()) {
                String name = ("changelog/" + folder.relativize(file)).replace('\\', '/');
                if (Files.isDirectory(file)) {
                    zip.putNextEntry(new ZipEntry(name.endsWith("/") ? name : name + "/"));
                } else {
                    zip.putNextEntry(new ZipEntry(name));
                    zip.write(Files.readAllBytes(file));
                }
                zip.closeEntry();
            }
        }
        return jar;
    }
}
