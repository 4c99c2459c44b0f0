package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.testsupport.WalFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Issue #19: a WAL shop whose checkpoint was cut short is healthy (SQLite reads it whole), so every
 * command that opens a database accepts it, as it accepts the same shop checkpointed; none calls it
 * truncated (exit 6).
 */
@ExtendWith(QuietLogs.class)
class CutCheckpointCommandsTest {

    private static final int SALES = 3_000;

    @TempDir
    static Path shared;

    /** An up-to-date WAL shop with {@link #SALES} sales committed to its -wal and a checkpoint cut short. */
    private static Path prepared;
    private static long committedSales;

    @TempDir
    Path dir;

    @BeforeAll
    static void cutCheckpointOnAnUpToDateShop() throws Exception {
        prepared = WalFiles.shop(shared.resolve("prepared.db"), JournalMode.WAL);
        PosDatabase.boot(PosDatabaseSettings.sqlite(prepared).build()).close();
        WalFiles.cutCheckpointShort(WalFiles.commitToWalOnly(prepared, SALES));
        committedSales = WalFiles.countInCopy(prepared, "SELECT COUNT(*) FROM sale");
    }

    static Stream<List<String>> everyCommandOnAFile() {
        return Stream.of(List.of("boot"), List.of("status"), List.of("update"), List.of("validate"),
                List.of("history"), List.of("audit"), List.of("drift"), List.of("rehearse"), List.of("update-sql"),
                List.of("release-locks"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommandOnAFile")
    void everyCommandAcceptsAWalShopWhoseCheckpointWasCutShort(List<String> command) throws Exception {
        Path file = WalFiles.copyWithWal(prepared, dir.resolve("pos.db"));
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--db", file.toString()));
        StringWriter err = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute(args.toArray(String[]::new));

        assertThat(exitCode).as(command + ": " + err).isZero();
        assertThat(err.toString()).doesNotContain("truncated");
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sale")).isEqualTo(committedSales);
        assertThat(WalFiles.journalMode(file)).isEqualTo("wal");
        assertThat(Files.exists(file.resolveSibling("pos.db.upgrading"))).isFalse();
    }
}
