package io.posdb.upgrade.sqlite;

import io.posdb.files.AtExit;
import io.posdb.report.UpgradeRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
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

    /** The one shutdown hook that settles and says. */
    private static final String HOOK = "posdb-stopped-upgrade";

    /** The markers of the work under way in this process, with what to say if the process stops. */
    private static final Map<Path, String> UNDER_WAY = new ConcurrentHashMap<>();
    /**
     * Work whose marker's fate is still to be decided by another thread (a provisional upgrade waiting for the
     * application, {@code io.posdb.api.ProvisionalUpgrade}): settled by the stop before the markers are looked at,
     * so that what is said is what the next boot finds.
     */
    private static final Set<Runnable> SETTLED_AT_STOP = ConcurrentHashMap.newKeySet();

    /**
     * From when {@code snapshots} wrote its marker until {@link #close}: stopped meanwhile with the marker still
     * there, the process says that it stopped during the {@code operation} ("upgrade") and that the next boot
     * restores the file from {@code snapshot} (null: the work had created the file, which that boot removes).
     */
    public static StoppedUpgrades whileMarked(UpgradeSnapshots snapshots, String operation, Path snapshot) {
        UNDER_WAY.put(snapshots.marker(), line(snapshots.database().file(), operation, snapshot));
        // Stopping before the hook is added, nothing is said, and the next boot restores all the same.
        AtExit.once(HOOK, StoppedUpgrades::say);
        return new StoppedUpgrades(snapshots.marker());
    }

    /**
     * Until the returned action is run, the stop first runs {@code settle}, which decides the work's undecided end
     * (or waits for the end already decided) before any marker is looked at: a marker that a decision taken after
     * the line would remove must not be said to be restored by the next boot.
     */
    public static Runnable settledAtStop(Runnable settle) {
        SETTLED_AT_STOP.add(settle);
        AtExit.once(HOOK, StoppedUpgrades::say);
        return () -> SETTLED_AT_STOP.remove(settle);
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
        SETTLED_AT_STOP.forEach(Runnable::run);
        UNDER_WAY.forEach((marker, line) -> {
            if (Files.exists(marker)) {
                System.err.println(line);
            }
        });
    }
}
