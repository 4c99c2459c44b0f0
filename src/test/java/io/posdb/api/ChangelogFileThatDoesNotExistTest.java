package io.posdb.api;

import static io.posdb.api.ExpectedKind.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.ChangelogSource;
import io.posdb.failure.BootFailure;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.DoctorReport;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application's settings naming a changelog file that is not there (a mistyped path, a folder not deployed):
 * building the settings throws nothing, and every api entry point that reads the changelog refuses with posdb's
 * one failure type, BAD_CHANGELOG (exit 9), naming the file and the setting, its cause kept, the database
 * untouched: the documented {@code catch (PosDatabaseException e)} is all an application needs. A folder named
 * as the changelog (the root folder too) is refused the same way. (openPool's drift
 * check, run after the upgrade has read the changelog, logs a changelog it cannot read at WARN, as any it cannot
 * run, unless strict schema.)
 */
@ExtendWith(QuietLogs.class)
class ChangelogFileThatDoesNotExistTest {

    @TempDir
    Path dir;

    /** An entry point of the api, called with settings whose changelog does not exist. */
    @FunctionalInterface
    interface EntryPoint {
        Object call(PosDatabaseSettings settings) throws Exception;
    }

    static Stream<Arguments> entryPointsThatReadTheChangelog() {
        return Stream.of(
                Arguments.of("PosDatabase.boot", (EntryPoint) PosDatabase::boot),
                Arguments.of("PosDatabase.upgrade", (EntryPoint) PosDatabase::upgrade),
                Arguments.of("PosDatabase.upgradeProvisionally", (EntryPoint) PosDatabase::upgradeProvisionally),
                Arguments.of("PosDatabaseChecks.plan", (EntryPoint) PosDatabaseChecks::plan),
                Arguments.of("PosDatabaseChecks.refuseNewerOrEdited", (EntryPoint) settings -> {
                    PosDatabaseChecks.refuseNewerOrEdited(settings);
                    return null;
                }),
                Arguments.of("PosDatabaseChecks.drift", (EntryPoint) PosDatabaseChecks::drift),
                Arguments.of("PosDatabaseMaintenance.rollbackToTag",
                        (EntryPoint) settings -> PosDatabaseMaintenance.rollbackToTag(settings, "v1.0")),
                Arguments.of("PosDatabaseMaintenance.rollbackCount",
                        (EntryPoint) settings -> PosDatabaseMaintenance.rollbackCount(settings, 1)),
                Arguments.of("PosDatabaseMaintenance.downgrade", (EntryPoint) PosDatabaseMaintenance::downgrade),
                Arguments.of("PosDatabaseMaintenance.rehearse", (EntryPoint) PosDatabaseMaintenance::rehearse),
                Arguments.of("PosDatabaseMaintenance.updateSql", (EntryPoint) PosDatabaseMaintenance::updateSql));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPointsThatReadTheChangelog")
    void anEntryPointGivenAChangelogInAFolderThatDoesNotExistRefusesItAsABadChangelogAndWritesNothing(
            String name, EntryPoint entryPoint) throws Exception {
        Path file = bootedShop();
        String before = Bytes.digest(file);
        Path master = dir.resolve("nope").resolve("db.changelog-master.yaml");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build();

        assertRefused(() -> entryPoint.call(settings), BootFailure.BAD_CHANGELOG, master.toString());
        assertThatThrownBy(() -> entryPoint.call(settings))
                .hasMessageContaining("changelog setting")
                .hasCauseInstanceOf(ChangelogException.class);
        assertThat(Bytes.digest(file)).as("%s wrote nothing", name).isEqualTo(before);
    }

    @Test
    void aChangelogMissingFromAFolderThatExistsIsRefusedTheSameWayAsTheDocumentedCatchExpects() throws Exception {
        Path file = bootedShop();
        Path master = Files.createDirectories(dir.resolve("changelog")).resolve("db.changelog-master.yaml");

        // The application's code as docs/using-posdb-from-an-application.md shows it.
        BootFailure kind;
        try (PosDatabase db = PosDatabase.boot(PosDatabaseSettings.sqlite(file)
                .changelog(ChangelogSource.file(master)).build())) {
            throw new AssertionError("booted " + db.description() + " on a changelog that does not exist");
        } catch (PosDatabaseException e) {
            kind = e.kind();
            assertThat(e).hasMessageContaining(master.toString()).hasMessageContaining("does not exist");
            assertThat(e.exitCode()).isEqualTo(9);
        }
        assertThat(kind).isEqualTo(BootFailure.BAD_CHANGELOG);
    }

    @Test
    void doctorReportsAChangelogThatDoesNotExistAsABadChangelog() throws Exception {
        Path file = bootedShop();
        Path master = dir.resolve("nope").resolve("db.changelog-master.yaml");

        DoctorReport report = PosDatabaseChecks.doctor(PosDatabaseSettings.sqlite(file)
                .changelog(ChangelogSource.file(master)).build());

        assertThat(report.exitCode()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
    }

    /**
     * A folder named as the changelog is refused where the changelog is read, saying it is a folder. The root folder
     * too: it has no file name, and building the settings on it threw a NullPointerException, which the documented
     * catch does not expect.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPointsThatReadTheChangelog")
    void aChangelogThatIsAFolderOrTheRootFolderIsRefusedAsABadChangelogWhenReadAndWritesNothing(String name,
                                                                                               EntryPoint entryPoint)
            throws Exception {
        Path file = bootedShop();
        String before = Bytes.digest(file);

        for (Path folder : List.of(dir.getRoot(), dir)) {
            PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(folder))
                    .build();

            assertRefused(() -> entryPoint.call(settings), BootFailure.BAD_CHANGELOG, folder + " is a folder");
            assertThatThrownBy(() -> entryPoint.call(settings)).hasCauseInstanceOf(ChangelogException.class);
        }
        assertThat(Bytes.digest(file)).as("%s wrote nothing", name).isEqualTo(before);
    }

    /** A shop booted on the packaged changelog: history, a tag and a schema for every entry point to read. */
    private Path bootedShop() throws Exception {
        Path file = dir.resolve("pos.db");
        if (!Files.exists(file)) {
            PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        }
        return file;
    }
}
