package io.posdb.upgrade.sqlite;

import io.posdb.files.AtExit;
import io.posdb.report.UpgradeRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a process stopped in the middle of an upgrade, rollback or downgrade of a file (SIGTERM from
 * {@code systemctl stop}, Ctrl-C) says on its way out: one line on stderr, that it was stopped and that the
 * next boot restores the file from its snapshot. Without it the process ends with exit 143 and the operator
 * sees nothing until that boot.
 * <p>The shutdown hook only looks whether the marker is still there and prints. It does not restore: the JVM
 * does not stop the other threads while hooks run, so the upgrade would go on writing into the file being
 * restored; the next boot restores it under the upgrade lock, as after a kill. It prints with
 * {@code System.err}, not the logger, which its own shutdown may already have closed.
 */
public record StoppedUpgrades(Path marker) implements AutoCloseable {

    /** The markers of the work under way in this process, with what to say if the process stops. */
    private static final Map<Path, String> UNDER_WAY = new ConcurrentHashMap<>();

    /**
     * From when {@code snapshots} wrote its marker until {@link #close}: stopped meanwhile with the marker still
     * there, the process says that it stopped during the {@code operation} ("upgrade") and that the next boot
     * restores the file from {@code snapshot} (null: the work had created the file, which that boot removes).
     */
    public static StoppedUpgrades whileMarked(UpgradeSnapshots snapshots, String operation, Path snapshot) {
        UNDER_WAY.put(snapshots.marker(), line(snapshots.database().file(), operation, snapshot));
        // Stopping before the hook is added, nothing is said, and the next boot restores all the same.
        AtExit.once("posdb-stopped-upgrade", StoppedUpgrades::say);
        return new StoppedUpgrades(snapshots.marker());
    }

    /**
     * The line said when stopped: a boot restores what an upgrade left, and a rollback or a downgrade is restored by
     * the next posdb command that writes (a boot, or the same command run again), as the doctor says of its marker.
     * Only an upgrade creates a file (null snapshot): the others need one that exists.
     */
    static String line(Path file, String operation, Path snapshot) {
        String restorer = operation.equals(UpgradeRun.UPGRADE) ? "the next boot" : "the next posdb command that writes";
        return "posdb: stopped during the " + operation + " of " + file + (snapshot == null
                ? "; the next boot removes the file it had begun and creates it again"
                : "; " + restorer + " restores the file from " + snapshot.getFileName());
    }

    @Override
    public void close() {
        UNDER_WAY.remove(marker);
    }

    /** Stopped with a marker still there, the work it belongs to had not finished (nor had its restore). */
    private static void say() {
        UNDER_WAY.forEach((marker, line) -> {
            if (Files.exists(marker)) {
                System.err.println(line);
            }
        });
    }
}
