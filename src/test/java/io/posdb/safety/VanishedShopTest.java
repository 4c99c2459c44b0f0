package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A shop's file that is gone (deleted, or the disk that holds it not mounted) or emptied (a failed copy)
 * while posdb's snapshots of it lie beside it is not made a new, empty shop that the till would sell into:
 * the boot refuses (exit 6), creates nothing, and names the newest snapshot; the doctor says the same. A new
 * till's first boot (no snapshots) still creates its database, and so does a boot after the snapshots were
 * moved away on purpose.
 */
@ExtendWith(QuietLogs.class)
class VanishedShopTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A legacy shop upgraded once: the upgrade left its snapshot beside the file. */
    private Path upgradedShop(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        assertThat(snapshots()).hasSize(1);
        return file;
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDeletedShopIsNotRecreatedEmptyAndTheNewestSnapshotIsNamed(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        WalFiles.deleteWithSideFiles(file);
        Map<String, String> before = Bytes.folder(dir);

        assertThatThrownBy(() -> PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()))
                .isInstanceOf(PosDatabaseException.class)
                .satisfies(e -> assertThat(((PosDatabaseException) e).kind()).isEqualTo(BootFailure.MISSING_DATABASE))
                .hasMessageContaining("Database " + file + " does not exist, but 1 snapshot(s) of it are beside it")
                .hasMessageContaining("&& cp '" + snapshots().get(0) + "' '" + file + "'");
        Map<String, String> after = Bytes.folder(dir);
        assertThat(after.keySet()).as("nothing created (the lock file records its last holder)")
                .isEqualTo(before.keySet());
        String snapshot = snapshots().get(0).getFileName().toString();
        assertThat(after.get(snapshot)).as("the snapshot untouched").isEqualTo(before.get(snapshot));

        PosdbProcess.Result status = PosdbInProcess.run("status", "--db", file.toString());
        assertThat(status.exitCode()).as("status says so too, not 'a boot creates it'")
                .isEqualTo(BootFailure.MISSING_DATABASE.exitCode());
        assertThat(status.stderr()).contains("does not exist, but 1 snapshot(s) of it are beside it");

        JsonNode doctor = doctor(file);
        assertThat(doctor.get("exitCode").asInt()).isEqualTo(BootFailure.MISSING_DATABASE.exitCode());
        assertThat(doctor.toString()).contains("does not exist, but 1 snapshot(s) of it are beside it")
                .contains("restore the newest snapshot")
                .as("nothing is left beside it to copy, and the advice claims no copy").doesNotContain("the copy made");
    }

    /**
     * An application's reads (history, drift, plan, the runs' record) of a shop deleted beside its snapshots refuse it
     * as the CLI does, with requireExisting's kind and message. Before, they answered for a new database ("nothing
     * applied", everything pending), which an application would take for a first boot.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theApisReadsOfAVanishedShopRefuseItAsTheCliDoesNotAnswerForANewDatabase(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        WalFiles.deleteWithSideFiles(file);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabaseException cli = catchThrowableOfType(PosDatabaseException.class,
                () -> PosDatabaseChecks.requireExisting(settings));
        assertThat(cli).as("what every command says first").isNotNull();
        assertThat(cli.getMessage()).contains("does not exist, but 1 snapshot(s) of it are beside it");
        Map<String, String> before = Bytes.folder(dir);

        Map<String, ThrowingCallable> reads = Map.of(
                "history", () -> PosDatabaseChecks.history(settings),
                "drift", () -> PosDatabaseChecks.drift(settings),
                "plan", () -> PosDatabaseChecks.plan(settings),
                "runs", () -> PosDatabaseChecks.runs(settings));
        reads.forEach((name, read) -> assertThatThrownBy(read).as(name)
                .isInstanceOf(PosDatabaseException.class).hasMessage(cli.getMessage())
                .satisfies(e -> assertThat(((PosDatabaseException) e).kind()).as(name).isEqualTo(cli.kind())));
        assertThat(Bytes.folder(dir)).as("nothing created").isEqualTo(before);
    }

    @Test
    void theRestoreTheRefusalNamesGivesBackTheShopEvenWithTheOldWalLeftBeside() throws Exception {
        // Killed with sales in its -wal, then the main file deleted: the -wal and -shm stay, and would be
        // replayed into a snapshot copied over the file without them going first.
        Path file = upgradedShop(JournalMode.WAL);
        long sales = WalFiles.count(file, "SELECT COUNT(*) FROM sale");
        WalFiles.commitToWalOnly(file, 5);
        Files.delete(file);
        assertThat(WalFiles.sideFiles(file)).isNotEmpty();

        String refusal = PosdbInProcess.run("boot", "--db", file.toString()).stderr();
        assertThat(refusal).as("the sales after the snapshot are in the -wal the restore removes")
                .contains("Copy " + file.resolveSibling("pos.db-wal") + " somewhere safe first");
        String restore = refusal.substring(refusal.indexOf("rm -f "), refusal.indexOf("; to start a new shop"));
        Process typed = new ProcessBuilder("sh", "-c", restore).inheritIO().start();
        assertThat(typed.waitFor()).as(restore).isZero();

        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sale")).as("the shop as the snapshot holds it")
                .isEqualTo(sales);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"))
                .isZero();
    }

    @Test
    void anEmptiedShopIsNotUpgradedAsANewOne() throws Exception {
        Path file = upgradedShop(JournalMode.WAL);
        WalFiles.deleteWithSideFiles(file);
        Files.createFile(file); // what a failed copy leaves

        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.MISSING_DATABASE.exitCode());
        assertThat(boot.stderr()).contains("is empty (0 bytes), but 1 snapshot(s) of it are beside it");
        assertThat(Files.size(file)).isZero();
    }

    /**
     * A legacy shop never upgraded (no snapshots) whose file was emptied or deleted while its -wal, holding sales,
     * stayed: SQLite, opening the missing or empty file, deletes the -wal. Every command refuses (exit 6) before
     * SQLite opens it, says to copy the -wal first, and leaves the -wal as it was; the boot makes no new shop.
     * Before, the read commands deleted the -wal and the boot made an empty shop over it.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"emptied", "deleted"})
    void aShopFileGoneWithItsWalBesideIsRefusedByEveryCommandAndTheWalKept(String how) throws Exception {
        Path file = WalFiles.shopWithHotWal(dir.resolve("pos.db"), 3);
        Files.deleteIfExists(file.resolveSibling("pos.db-shm"));
        Path wal = file.resolveSibling("pos.db-wal");
        if (how.equals("emptied")) {
            Files.write(file, new byte[0]); // what a failed copy leaves
        } else {
            Files.delete(file);
        }
        String walBefore = Bytes.digest(wal);

        for (String command : List.of("status", "history", "drift", "validate", "doctor", "boot", "update")) {
            PosdbProcess.Result result = PosdbInProcess.run(command, "--db", file.toString());
            assertThat(result.exitCode()).as(command + ": " + result.stderr() + result.stdout())
                    .isEqualTo(BootFailure.MISSING_DATABASE.exitCode());
            assertThat(result.stderr() + result.stdout()).as(command).contains("its -wal is beside it, " + wal)
                    .contains("Copy " + wal + " somewhere safe first");
            assertThat(wal).as(command + " keeps the -wal").exists();
            assertThat(Bytes.digest(wal)).as(command + " keeps the -wal").isEqualTo(walBefore);
            assertThat(Files.exists(file) ? Files.size(file) : -1L).as(command + ": no shop made over it")
                    .isEqualTo(how.equals("emptied") ? 0L : -1L);
        }
    }

    /**
     * An emptied shop with its -wal and a snapshot: the doctor's finding says to keep a copy first, and so does its
     * next step; both name the one folder, so that the copy the operator made is the one the next step speaks of.
     */
    @Test
    void theDoctorNamesOneKeptCopyFolderInTheFindingAndItsNextStep() throws Exception {
        Path file = upgradedShop(JournalMode.WAL);
        WalFiles.commitToWalOnly(file, 3);
        Files.write(file, new byte[0]); // what a failed copy leaves
        Pattern keptFolder = Pattern.compile(Pattern.quote(file.getFileName() + ".") + "[0-9-]+\\.kept");

        for (int report = 0; report < 5; report++) { // each report in its own milliseconds
            JsonNode doctor = doctor(file);
            JsonNode fileCheck = StreamSupport.stream(doctor.get("checks").spliterator(), false)
                    .filter(check -> check.get("name").asText().equals("file")).findFirst().orElseThrow();
            Set<String> named = keptFolder.matcher(fileCheck.get("evidence").asText() + " "
                    + fileCheck.get("next").asText()).results().map(MatchResult::group).collect(Collectors.toSet());
            assertThat(fileCheck.get("next").asText()).as(doctor.toString()).containsPattern(keptFolder);
            assertThat(named).as(doctor.toString()).hasSize(1);
        }
    }

    @Test
    void afterTheSnapshotsAreMovedAwayANewShopIsMadeThereAsOnAFirstBoot() throws Exception {
        Path file = upgradedShop(JournalMode.WAL);
        WalFiles.deleteWithSideFiles(file);
        Path elsewhere = Files.createDirectory(dir.resolve("old-snapshots"));
        for (Path snapshot : snapshots()) {
            Files.move(snapshot, elsewhere.resolve(snapshot.getFileName()));
        }

        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();

        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sale")).as("a new, empty shop").isZero();
    }

    @Test
    void aNewTillsFirstBootInAFolderNotMadeYetIsNotRefused() throws Exception {
        Path file = dir.resolve("new/folder/pos.db");

        PosdbProcess.Result status = PosdbInProcess.run("status", "--db", file.toString());
        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", file.toString());

        assertThat(status.exitCode()).as(status.stderr()).isEqualTo(3); // pending: a boot creates it
        assertThat(status.stdout()).contains("No database at " + file + " yet");
        assertThat(boot.exitCode()).as(boot.stderr()).isZero();
        assertThat(file).exists();
    }

    /**
     * The shop on a second disk that failed to mount at boot: the folder fstab mounts it on is an empty folder of
     * the system disk, with no snapshots, as on a new till. Real tables, in a mount namespace of the posdb
     * process's own (util-linux {@code unshare}, as root): fstab is a file of the test's bound over /etc/fstab,
     * and the disk, when mounted, a tmpfs; both vanish with the process.
     */
    @Test
    @Tag("process")
    void aShopOnADiskThatDidNotMountIsNotMadeAnewOnTheSystemDiskAndBootsOnceTheDiskIsMounted() throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("/etc/fstab")) && Files.isReadable(Path.of("/proc/self/mountinfo"))
                && new ProcessBuilder("unshare", "--mount", "true").start().waitFor() == 0,
                "needs root and util-linux unshare for a mount namespace of the process's own");
        Path disk = Files.createDirectories(dir.resolve("disk")).toRealPath();
        Path file = disk.resolve("shop/pos.db");
        Path fstab = dir.resolve("fstab");
        Files.writeString(fstab, "LABEL=SHOP " + disk + " ext4 defaults,nofail 0 2\n");

        PosdbProcess.Result boot = withFstab(fstab, null, "boot", "--db", file.toString());
        PosdbProcess.Result doctor = withFstab(fstab, null, "doctor", "--json", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.MISSING_DATABASE.exitCode());
        assertThat(boot.stderr()).contains("Database " + file + " does not exist, and the disk /etc/fstab mounts on "
                + disk + " (LABEL=SHOP) is not mounted", "mount '" + disk + "'");
        try (Stream<Path> made = Files.list(disk)) {
            assertThat(made).as("nothing made on the system disk under the mount point").isEmpty();
        }
        assertThat(doctor.exitCode()).as(doctor.stderr()).isEqualTo(BootFailure.MISSING_DATABASE.exitCode());
        assertThat(JSON.readTree(doctor.stdout()).toString()).contains("is not mounted").contains("mount '" + disk + "'");

        PosdbProcess.Result mounted = withFstab(fstab, disk, "boot", "--db", file.toString());
        assertThat(mounted.exitCode()).as("the disk mounted: a first boot on it").isZero();
        try (Stream<Path> made = Files.list(disk)) {
            assertThat(made).as("the shop went onto the mounted disk, gone with the namespace").isEmpty();
        }
    }

    /** posdb {@code args} in a mount namespace whose /etc/fstab is {@code fstab}, with a tmpfs on {@code disk} if given. */
    private PosdbProcess.Result withFstab(Path fstab, Path disk, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private",
                "sh", "-c", "mount --bind \"$1\" /etc/fstab && { [ -z \"$2\" ] || mount -t tmpfs tmpfs \"$2\"; } "
                        + "&& shift 2 && exec \"$@\"", "sh", fstab.toString(), disk == null ? "" : disk.toString()));
        command.addAll(PosdbProcess.builder(dir, args).command());
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("posdb ended").isTrue();
        PosdbProcess.Result result = new PosdbProcess.Result(process.exitValue(), Files.readString(stdout),
                Files.readString(stderr));
        Files.delete(stdout);
        Files.delete(stderr);
        return result;
    }

    private JsonNode doctor(Path file) throws Exception {
        PosdbProcess.Result result = PosdbInProcess.run("doctor", "--json", "--db", file.toString());
        return ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(result.stdout()))
                .put("exitCode", result.exitCode());
    }

    private List<Path> snapshots() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".snapshot")).sorted().toList();
        }
    }
}
