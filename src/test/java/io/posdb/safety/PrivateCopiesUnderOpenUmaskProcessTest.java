package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.FileModes;
import io.posdb.testsupport.KillOnLogLine;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19 with a real {@code posdb} process under {@code umask 000}, where anything created
 * plainly is readable and writable by every account on the till: an owner-only (0600) shop
 * file gets nothing beside it, and nothing in posdb's temporary folders, that others can
 * open. The rehearsal is killed (like a power cut) once its copy has a snapshot, so its
 * temporary folder stays to be looked at, as it would on a till.
 */
@Tag("process")
@Tag("slow")
class PrivateCopiesUnderOpenUmaskProcessTest {

    @TempDir
    Path dir;

    @Test
    void underUmask000NothingBesideAnOwnerOnlyShopOrInPosdbsTemporaryFoldersIsOpenToOthers() throws Exception {
        Path shop = Files.createDirectories(dir.resolve("shop"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path file = FileModes.set(WalFiles.shop(shop.resolve("pos.db"), JournalMode.WAL), "rw-------");

        Process rehearsal = underOpenUmask(shop, tmp, "rehearse", "--db", file.toString());
        assertThat(KillOnLogLine.kill(rehearsal, dir.resolve("rehearse.err"), "Snapshot of"))
                .as(Files.readString(dir.resolve("rehearse.err"), StandardCharsets.UTF_8)).isTrue();
        Process boot = underOpenUmask(shop, tmp, "boot", "--db", file.toString());
        assertThat(boot.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(boot.exitValue()).as(Files.readString(dir.resolve("boot.err"), StandardCharsets.UTF_8)).isZero();

        assertThat(FileModes.of(dir.resolve("umask-probe"))).as("the umask posdb ran under").isEqualTo("rw-rw-rw-");
        List<Path> copyFolders = list(tmp).stream().filter(f -> f.getFileName().toString().startsWith("posdb-")).toList();
        assertThat(copyFolders).as("the killed rehearsal's folder").isNotEmpty();
        List<Path> copies = new ArrayList<>();
        for (Path folder : copyFolders) {
            assertThat(FileModes.of(folder)).as(folder.toString()).isEqualTo("rwx------");
            copies.addAll(list(folder));
        }
        assertThat(copies).as("the rehearsal's copy and its snapshot")
                .anyMatch(f -> f.getFileName().toString().equals("pos.db"))
                .anyMatch(f -> f.getFileName().toString().endsWith(".snapshot"));
        List<Path> besideTheShop = list(shop);
        assertThat(besideTheShop).as("the upgrade's snapshot").anyMatch(f -> f.toString().endsWith(".snapshot"));
        List<String> openToOthers = new ArrayList<>();
        for (Path f : concat(copies, besideTheShop)) {
            if (FileModes.openToOthers(f)) {
                openToOthers.add(f + " is " + FileModes.of(f));
            }
        }
        assertThat(openToOthers).isEmpty();
    }

    /**
     * {@code posdb args} in {@code workDir} under {@code umask 000}, its temporary folders in
     * {@code tmp}; the shell first creates {@code umask-probe} plainly, to show the umask took.
     */
    private Process underOpenUmask(Path workDir, Path tmp, String... args) throws IOException {
        List<String> posdb = new ArrayList<>(PosdbProcess.builder(workDir, args).command());
        posdb.add(1, "-Djava.io.tmpdir=" + tmp);
        List<String> command = new ArrayList<>(List.of("bash", "-c", "umask 000 && touch \"$0\" && exec \"$@\"",
                dir.resolve("umask-probe").toString()));
        command.addAll(posdb);
        return new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve(args[0] + ".err").toFile()).start();
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
