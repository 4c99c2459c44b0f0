package io.posdb.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build's training run for the class-data-sharing archive ({@code target/posdb.jsa}, which {@code bin/posdb}
 * starts with), run once in one JVM under {@code -XX:ArchiveClassesAtExit}: {@code posdb boot} of a fresh
 * database (the changelog applied: Liquibase's classes), then {@code posdb boot} of the same file, now up to date.
 * A till boots up to date nearly every day, and that path has classes and lambdas of its own (the file checks
 * before the lock, the plan read with Liquibase's lock row, the folder's write probe) that the first boot never
 * loads: trained on the first boot alone, each up-to-date boot parsed and linked them from the jar.
 * <p>Run as a program during the build: {@code CdsTraining <database file that does not exist yet>}; the exit code
 * is the first failed boot's.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || Files.exists(Path.of(args[0]))) {
            System.err.println("usage: CdsTraining DATABASE (a file that does not exist yet)");
            System.exit(2);
        }
        for (String boot : new String[] {"the first boot", "the up-to-date boot"}) {
            int exit = PosdbCommand.newCommandLine().execute("boot", "--db", args[0]);
            if (exit != 0) {
                System.err.println("CdsTraining: " + boot + " of " + args[0] + " failed with exit " + exit);
                System.exit(exit);
            }
        }
    }
}
