package io.posdb.changelog;

import io.posdb.changelog.ChangelogSource;
import io.posdb.testsupport.Bootstraps;
import io.posdb.testsupport.Changelogs;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.database.Engine;
import io.posdb.database.SqliteDatabase;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.LegacyDatabases;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChangelogManifestTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theManifestWrittenByTheBuildMatchesTheChangelog(Engine engine) throws Exception {
        assertThat(ManifestFile.readPackaged(engine)).as("the build writes " + ManifestFile.resource(engine)).isNotNull();

        assertThat(ChangelogManifest.load(ChangelogSource.packaged(), engine).entries())
                .isEqualTo(ChangelogManifest.parse(ChangelogSource.packaged(), engine).entries());
    }

    @Test
    void aManifestInAFolderOfClassesIsNotTrustedOnceAChangelogFileIsEditedWhileOneInAJarIs() throws Exception {
        // An IDE copies an edited changeset into its classes without the build step: that manifest is stale.
        Path classes = dir.resolve("classes");
        Path built = Path.of(ManifestFile.class.getClassLoader().getResource(ManifestFile.RESOURCE).toURI())
                .getParent().getParent();
        try (Stream<Path> files = Files.walk(built.resolve("changelog"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = classes.resolve(built.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        try (URLClassLoader folder = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            assertThat(ManifestFile.readPackaged(folder, Engine.SQLITE)).as("unedited").isNotNull();
        }
        Path edited = classes.resolve("changelog/changes/0001-baseline-user.yaml");
        Files.writeString(edited, Files.readString(edited) + "# edited after the build\n");
        try (URLClassLoader folder = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            assertThat(ManifestFile.readPackaged(folder, Engine.SQLITE)).as("edited in a folder").isNull();
        }

        // A jar is built in one go, its manifest from the changelog packaged beside it: it is read without
        // reading every changelog file (here the same edit, which a build would have written into it).
        Path jar = dir.resolve("posdb.jar");
        try (Stream<Path> files = Files.walk(classes); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        try (URLClassLoader packaged = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(ManifestFile.readPackaged(packaged, Engine.SQLITE)).as("in a jar")
                    .isEqualTo(ManifestFile.readPackaged(Engine.SQLITE));
        }
    }

    /** A plan counts what Liquibase runs: {@code dbms: '!postgresql'} runs on SQLite only. */
    @Test
    void aChangeSetNegatingAnEngineIsInTheOtherEnginesManifestOnly() throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, "0099-x.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: not-on-postgresql
                      author: posdb
                      dbms: '!postgresql'
                      changes:
                        - sql: { sql: SELECT 1 }
                """);
        for (Engine engine : Engine.values()) {
            assertThat(ChangelogManifest.parse(ChangelogSource.file(master), engine).entries().stream()
                    .map(ManifestEntry::id).toList().contains("not-on-postgresql"))
                    .as("in the manifest of %s", engine).isEqualTo(engine == Engine.SQLITE);
        }
    }

    @Test
    void changeSet0008KeepsItsReleasedChecksumWithItsNewComment() throws Exception {
        // Release 2.0 recorded this checksum in every till's DATABASECHANGELOG; the comment was
        // reworded afterwards (the old guide's words), which must not make 0008 "edited" (exit 5).
        assertThat(ChangelogManifest.parse(ChangelogSource.packaged(), Engine.SQLITE).entries())
                .filteredOn(e -> e.id().equals("0008-remap-user-roles"))
                .extracting(ManifestEntry::checksum).containsExactly("9:583a5062e3653caf6e587a9c6035ef01");
    }

    @Test
    void manifestChecksumsAreTheOnesLiquibaseRecords() throws Exception {
        Path file = dir.resolve("pos.db");
        Bootstraps.withDefaults(SqliteDatabase.at(file)).boot().close();

        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(MigrationRecords.history(connection))
                    .extracting(HistoryEntry::id, HistoryEntry::file, HistoryEntry::checksum)
                    .containsExactlyElementsOf(ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE)
                            .entries().stream()
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.id(), e.file(), e.checksum())).toList());
        }
    }

    @Test
    void aPlanOnAnUpToDateDatabaseHasNothingToDo() throws Exception {
        Path file = dir.resolve("pos.db");
        Bootstraps.withDefaults(SqliteDatabase.at(file)).boot().close();

        assertThat(new LiquibaseMigrations(SqliteDatabase.at(file), ChangelogSource.packaged())
                .plan().upToDate()).isTrue();
    }
}
