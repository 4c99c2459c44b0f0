package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java's temporary folder ({@code java.io.tmpdir}) that does not exist or cannot be written: rehearse and update-sql
 * make their copy of the shop there, drift (and boot's drift check when it compares in full) its scratch database.
 * Each such command fails the same way, exit 7 naming the folder and the setting to change (never 1, a failed
 * migration, nor 12, drift the check never saw); the doctor says so before they run. SQLite itself is already
 * loaded in this JVM, so only posdb's own folders meet the setting, as with {@code -Dorg.sqlite.tmpdir} elsewhere.
 */
@ExtendWith(QuietLogs.class)
class UnusableTemporaryFolderTest {

    /** The setting every message names, in the words an operator types for posdb. */
    private static final String SETTING = "JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<folder>";

    @TempDir
    Path dir;

    @Test
    void driftRehearseAndUpdateSqlExitSevenNamingTheMissingTemporaryFolderAndItsSetting() throws Exception {
        Path file = upgradedShop();
        Path missing = dir.resolve("no-such-folder");
        String before = Bytes.digest(file);

        for (String command : List.of("drift", "rehearse", "update-sql")) {
            PosdbProcess.Result result = withTemporaryFolder(missing,
                    () -> PosdbInProcess.run(command, "--db", file.toString()));

            assertThat(result.exitCode()).as(command + ": " + result.stderr())
                    .isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
            assertThat(result.stderr().lines().toList()).as(command).singleElement().asString()
                    .startsWith("posdb " + command + ": Cannot make a private folder for ")
                    .contains(" in the temporary folder " + missing + " (java.io.tmpdir)").contains(SETTING);
        }
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    /**
     * A boot whose drift check compares in full (here: a changelog other than the packaged one, whose recorded
     * fingerprint settles a clean file) cannot build the scratch database: with --strict-schema that is exit 7 as
     * drift says it, not 12; without, a WARN naming the setting, and the till starts. The library's drift report
     * gives the same kind.
     */
    @Test
    void aStrictBootWhoseDriftCheckCannotMakeItsScratchDatabaseExitsSevenNotTwelve() throws Exception {
        Path changelog = Changelogs.copyOfProjectChangelog(dir.resolve("changelog"));
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.DELETE);
        assertThat(PosdbInProcess.run("update", "--db", file.toString(), "--changelog", changelog.toString())
                .exitCode()).isZero();
        Path missing = dir.resolve("no-such-folder");

        PosdbProcess.Result strict = withTemporaryFolder(missing, () -> PosdbInProcess.run("boot", "--strict-schema",
                "--db", file.toString(), "--changelog", changelog.toString()));
        PosdbProcess.Result drift = withTemporaryFolder(missing, () -> PosdbInProcess.run("drift", "--db",
                file.toString(), "--changelog", changelog.toString()));
        List<String> warnings;
        PosdbProcess.Result boot;
        try (CapturedLogs logs = new CapturedLogs()) {
            boot = withTemporaryFolder(missing, () -> PosdbInProcess.run("boot", "--db", file.toString(),
                    "--changelog", changelog.toString()));
            warnings = logs.messages().stream().filter(m -> m.startsWith("Schema drift check could not run")).toList();
        }
        Throwable report = withTemporaryFolder(missing, () -> catchThrowable(() -> PosDatabaseChecks.drift(
                PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(changelog)).build())));

        assertThat(strict.exitCode()).as(strict.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(strict.stderr().replace("posdb boot: ", ""))
                .isEqualTo(drift.stderr().replace("posdb drift: ", ""))
                .contains(missing + " (java.io.tmpdir)").contains(SETTING);
        assertThat(boot.exitCode()).as(boot.stderr()).isZero();
        assertThat(warnings).singleElement().asString().contains(missing.toString()).contains(SETTING);
        assertThat(report).isInstanceOf(PosDatabaseException.class);
        assertThat(((PosDatabaseException) report).kind()).isEqualTo(BootFailure.NOT_WRITABLE);
    }

    @Test
    void theDoctorWarnsThatATemporaryFolderThatDoesNotExistFailsRehearseUpdateSqlAndDrift() throws Exception {
        Path file = upgradedShop();
        Path missing = dir.resolve("no-such-folder");
        Path notAFolder = Files.writeString(dir.resolve("a-file"), "not a folder");
        // A changelog other than the packaged one: the drift check compares in full, in a scratch database.
        Path changelog = Changelogs.copyOfProjectChangelog(dir.resolve("changelog"));

        for (Path temporary : List.of(missing, notAFolder)) {
            PosdbProcess.Result doctor = withTemporaryFolder(temporary, () -> PosdbInProcess.run("doctor", "--json",
                    "--db", file.toString(), "--changelog", changelog.toString()));

            JsonNode check = check(doctor, "temporary copies");
            assertThat(check.get("verdict").asText()).as(doctor.stdout()).isEqualTo("WARN");
            assertThat(check.get("evidence").asText()).startsWith("the temporary folder " + temporary
                    + " (java.io.tmpdir) " + (temporary.equals(missing) ? "does not exist" : "is not a folder"))
                    .contains("rehearse").contains("update-sql").contains("drift");
            assertThat(check.get("next").asText()).contains(SETTING);
            assertThat(check(doctor, "drift").get("next").asText()).as("not posdb drift, which fails the same way")
                    .contains(SETTING);
        }
    }

    @Test
    void theDoctorWarnsOfATemporaryFolderThisUserCannotWrite() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root writes into a read-only folder all the same")
                .isNotEqualTo("root");
        Path file = upgradedShop();
        Path readOnly = Files.createDirectory(dir.resolve("read-only"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));

        PosdbProcess.Result doctor = withTemporaryFolder(readOnly,
                () -> PosdbInProcess.run("doctor", "--json", "--db", file.toString()));

        JsonNode check = check(doctor, "temporary copies");
        assertThat(check.get("verdict").asText()).isEqualTo("WARN");
        assertThat(check.get("evidence").asText()).startsWith("the temporary folder " + readOnly
                + " (java.io.tmpdir) cannot be written by this user");
        assertThat(check.get("next").asText()).contains(SETTING);
    }

    @Test
    void theDoctorSaysNothingOfAUsableTemporaryFolder() throws Exception {
        Path file = upgradedShop();
        Path temporary = Files.createDirectory(dir.resolve("tmp"));

        PosdbProcess.Result doctor = withTemporaryFolder(temporary,
                () -> PosdbInProcess.run("doctor", "--json", "--db", file.toString()));

        assertThat(doctor.exitCode()).isZero();
        assertThat(check(doctor, "temporary copies").get("verdict").asText()).isEqualTo("OK");
    }

    /** The shop upgraded to this release, as a till has it after a good boot. */
    private Path upgradedShop() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.DELETE);
        assertThat(PosdbInProcess.run("update", "--db", file.toString()).exitCode()).isZero();
        return file;
    }

    private static JsonNode check(PosdbProcess.Result doctor, String name) throws Exception {
        return StreamSupport.stream(new ObjectMapper().readTree(doctor.stdout()).get("checks").spliterator(), false)
                .filter(check -> check.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    /** {@code work}'s result with java.io.tmpdir naming {@code temporary}; posdb reads it when it makes a folder. */
    private static <T> T withTemporaryFolder(Path temporary, Callable<T> work) throws Exception {
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", temporary.toString());
        try {
            return work.call();
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }
}
