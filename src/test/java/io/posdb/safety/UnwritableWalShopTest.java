package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.SideFiles;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A WAL-mode shop this user may only read: the file (its folder writable), or its folder. Every read-only command
 * reads it as the doctor does, exits as on a shop it may write, and leaves nothing beside it (no {@code -wal} or
 * {@code -shm} that the till, another user, could not write later); a {@code -wal} or {@code -shm} this user cannot
 * write is refused by the writing commands before their snapshot, naming it. A rehearsal, which writes nothing but
 * says whether an upgrade would succeed, refuses a shop this user cannot write (in either journal mode) as boot does. Permissions bind a normal user (a
 * developer, GitHub's runners); root ignores them, so as root posdb runs without root's capabilities
 * ({@code setpriv}), bound by the permissions as the files' owner; the test is skipped where that cannot be done.
 */
@Tag("process")
class UnwritableWalShopTest {

    /** Not rehearse: it says whether an upgrade would succeed, and this account's would be refused (below). */
    private static final List<String> READ_ONLY_COMMANDS = List.of("status", "validate", "history", "audit", "drift",
            "update-sql", "release-locks");

    /** What a rehearsal refused as boot refuses the shop says of its copy, after the shop "was not touched: ". */
    private static final String REHEARSAL_NOT_TRIED = "the rehearsal refused it as boot and update refuse it, "
            + "before copying it (its upgrade on a copy was not tried)";

    @TempDir
    Path dir;

    private final List<Path> madeReadOnly = new ArrayList<>();

    @AfterEach
    void writableAgain() throws IOException { // so that @TempDir can delete them as a normal user
        for (Path path : madeReadOnly) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x"
                    : "rw-r--r--"));
        }
    }

    @ParameterizedTest(name = "read-only {0}")
    @ValueSource(strings = {"file", "folder"})
    void everyReadOnlyCommandReadsAWalShopThisUserMayOnlyReadAndLeavesNothingBesideIt(String readOnly)
            throws Exception {
        assumeUnprivilegedPosdb();
        Path folder = Files.createDirectory(dir.resolve("shop"));
        Path file = WalFiles.shop(folder.resolve("pos.db"), JournalMode.WAL);
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        assertThat(SideFiles.present(file)).as("side files before").isEmpty();
        Map<String, String> before = Bytes.folder(folder);
        makeReadOnly(readOnly.equals("file") ? file : folder);

        SoftAssertions softly = new SoftAssertions();
        for (String command : READ_ONLY_COMMANDS) {
            PosdbProcess.Result result = runUnprivileged(command, "--db", file.toString());
            softly.assertThat(result.exitCode()).as("posdb %s: %s", command, result.stderr()).isZero();
            softly.assertThat(Bytes.folder(folder)).as("the shop's folder after posdb %s", command).isEqualTo(before);
        }
        softly.assertAll();
    }

    /**
     * A shop this account may read but not write (the file, or its folder), in either journal mode, with changesets
     * pending or none: boot and update by this account are refused (exit 7), so a rehearsal is too, in boot's words,
     * saying that its copy's upgrade was not tried, in text and in --json. It exited 0, "Schema validation: passed":
     * "the upgrade would succeed", for an upgrade this account cannot run. The shop's folder is left as found.
     * Four cases, not eight: each pair of the three choices (what is read-only, journal mode, up to date) meets in
     * one of them, each case starting three JVMs; the order of the checks is the same code in every case.
     */
    @ParameterizedTest(name = "read-only {0}, journal_mode={1}, up to date: {2}")
    @CsvSource({"file, WAL, false", "folder, DELETE, false", "file, DELETE, true", "folder, WAL, true"})
    void aRehearsalOfAShopThisAccountCannotWriteIsExit7InBootsWordsWithoutTryingTheCopy(String readOnly,
            JournalMode mode, boolean upToDate) throws Exception {
        assumeUnprivilegedPosdb();
        Path folder = Files.createDirectory(dir.resolve("shop"));
        Path file = WalFiles.shop(folder.resolve("pos.db"), mode);
        if (upToDate) {
            PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        }
        makeReadOnly(readOnly.equals("file") ? file : folder);
        String refusal = readOnly.equals("file") ? "Database " + file + " is read-only: "
                : "Folder " + folder + " of the database is read-only (SQLite needs to write its journal there): ";
        Map<String, String> before = Bytes.folder(folder);

        PosdbProcess.Result boot = runUnprivileged("boot", "--db", file.toString());
        PosdbProcess.Result rehearse = runUnprivileged("rehearse", "--db", file.toString());
        PosdbProcess.Result json = runUnprivileged("rehearse", "--json", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(boot.stderr().lines().filter(line -> line.startsWith("posdb boot: "))).singleElement().asString()
                .startsWith("posdb boot: " + refusal);
        assertThat(rehearse.exitCode()).as(rehearse.stdout() + rehearse.stderr())
                .isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(rehearse.stdout()).doesNotContain("passed");
        assertThat(rehearse.stderr().lines().filter(line -> line.startsWith("posdb rehearse: "))).singleElement()
                .asString().startsWith("posdb rehearse: " + refusal)
                .endsWith(" — " + file + " was not touched: " + REHEARSAL_NOT_TRIED);
        assertThat(json.exitCode()).as(json.stdout() + json.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        JsonNode failed = new ObjectMapper().readTree(json.stdout());
        assertThat(failed.get("ok").asBoolean()).as(json.stdout()).isFalse();
        assertThat(failed.get("exit_code").asInt()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(failed.get("error").asText()).startsWith(refusal);
        assertThat(failed.get("after").asText()).isEqualTo("not_touched");
        assertThat(failed.get("after_message").asText()).isEqualTo(file + " was not touched: " + REHEARSAL_NOT_TRIED);
        assertThat(Bytes.folder(folder)).as("the shop's folder after boot and rehearse").isEqualTo(before);
    }

    /**
     * Left by another user's program, or by a read-only connection that could not remove it: SQLite's first write
     * would fail on it (SQLITE_READONLY), after the upgrade's snapshot.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SideFiles.WAL, SideFiles.SHM})
    void aSideFileThisUserCannotWriteIsRefusedBeforeTheSnapshotNamingIt(String suffix) throws Exception {
        assumeUnprivilegedPosdb();
        Path folder = Files.createDirectory(dir.resolve("shop"));
        Path file = WalFiles.shop(folder.resolve("pos.db"), JournalMode.WAL); // changesets pending: a boot upgrades
        Path sideFile = Files.createFile(SideFiles.sibling(file, suffix)); // empty: as a read-only connection leaves it
        makeReadOnly(sideFile);
        Map<String, String> before = Bytes.folder(folder);

        PosdbProcess.Result result = runUnprivileged("boot", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(result.stderr().lines().filter(line -> line.startsWith("posdb boot:")))
                .containsExactly("posdb boot: Database " + file + " cannot be written: the " + suffix + " beside it, "
                        + sideFile + ", is read-only for this user (" + System.getProperty("user.name") + "): "
                        + sideFile + " (access denied)");
        assertThat(Bytes.folder(folder)).as("the shop's folder: no snapshot, no lock file").isEqualTo(before);
    }

    /**
     * A shop file, or its folder, that another account owns and may write (the till's, seen by an operator; root's
     * after a {@code sudo} copy): chmod u+w as its owner changes nothing, so the doctor names the owner to run posdb
     * as, or a chown to the till's account, not chmod.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"file", "folder"})
    void aFileOrFolderAnotherAccountOwnsAndMayWriteIsSentToThatAccountNotToChmod(String owned) throws Exception {
        assumeUnprivilegedPosdb();
        assumeThat(isRoot()).as("giving a file to another account takes root").isTrue();
        Path folder = Files.createDirectory(dir.resolve("shop"));
        Path file = WalFiles.shop(folder.resolve("pos.db"), JournalMode.WAL);
        Path theirs = owned.equals("file") ? file : folder;
        UserPrincipal other = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(theirs, other);
        assertThat(Files.getPosixFilePermissions(theirs)).as("its owner may write it")
                .contains(PosixFilePermission.OWNER_WRITE);

        PosdbProcess.Result result = runUnprivileged("doctor", "--json", "--db", file.toString());

        JsonNode writable = StreamSupport.stream(new ObjectMapper().readTree(result.stdout()).get("checks")
                .spliterator(), false).filter(check -> check.get("name").asText().equals("writable")).findFirst()
                .orElseThrow(() -> new AssertionError("no writable check in " + result.stdout() + result.stderr()));
        assertThat(writable.get("verdict").asText()).as(result.stdout()).isEqualTo("FAIL");
        assertThat(writable.get("next").asText()).as(result.stdout())
                .startsWith("run posdb as " + other.getName() + ", the " + owned + "'s owner")
                .contains("chown <the till's account> '" + theirs + "'")
                .doesNotContain("chmod");
    }

    private void makeReadOnly(Path path) throws IOException {
        madeReadOnly.add(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "r-xr-xr-x"
                : "r--r--r--"));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** As root, posdb runs without root's capabilities: permissions then bind it, as they bind the owner. */
    private static final List<String> WITHOUT_ROOTS_CAPABILITIES = List.of("setpriv", "--inh-caps=-all",
            "--bounding-set=-all", "--");

    private static void assumeUnprivilegedPosdb() throws InterruptedException {
        if (!isRoot()) {
            return;
        }
        boolean dropsCapabilities;
        try {
            List<String> command = new ArrayList<>(WITHOUT_ROOTS_CAPABILITIES);
            command.add("true");
            Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
            dropsCapabilities = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException noSetpriv) {
            dropsCapabilities = false;
        }
        assumeThat(dropsCapabilities).as("as root, file permissions do not bind; posdb would run without root's "
                + "capabilities (setpriv --bounding-set=-all), which this machine does not allow").isTrue();
    }

    private PosdbProcess.Result runUnprivileged(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = PosdbProcess.builder(dir, args);
        if (isRoot()) {
            builder.command().addAll(0, WITHOUT_ROOTS_CAPABILITIES);
        }
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("posdb " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new PosdbProcess.Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
