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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A WAL-mode shop this user may only read: the file (its folder writable), or its folder. Every read-only command
 * reads it as the doctor does, exits as on a shop it may write, and leaves nothing beside it (no {@code -wal} or
 * {@code -shm} that the till, another user, could not write later); a {@code -wal} or {@code -shm} this user cannot
 * write is refused by the writing commands before their snapshot, naming it. Permissions bind a normal user (a
 * developer, GitHub's runners); root ignores them, so as root posdb runs without root's capabilities
 * ({@code setpriv}), bound by the permissions as the files' owner; the test is skipped where that cannot be done.
 */
@Tag("process")
class UnwritableWalShopTest {

    private static final List<String> READ_ONLY_COMMANDS = List.of("status", "validate", "history", "audit", "drift",
            "update-sql", "rehearse", "release-locks");

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
