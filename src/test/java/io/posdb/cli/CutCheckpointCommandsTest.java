package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.testsupport.WalFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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

    /**
     * The DELETE-mode twin: an up-to-date shop whose transaction a power cut left in its -journal after SQLite
     * wrote page 1 (declaring more pages than the file has). SQLite rolls the journal back and reads it whole.
     */
    private static Path cutTransaction;
    private static long categoriesBeforeTheCut;

    @BeforeAll
    static void cutTransactionWithItsHeaderAhead() throws Exception {
        cutTransaction = WalFiles.shop(shared.resolve("cut-transaction.db"), JournalMode.DELETE);
        PosDatabase.boot(PosDatabaseSettings.sqlite(cutTransaction).build()).close();
        categoriesBeforeTheCut = WalFiles.count(cutTransaction, "SELECT COUNT(*) FROM category");
        WalFiles.cutTransaction(cutTransaction, 3_000, true);
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

        acceptedBy(command, file);

        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sale")).isEqualTo(committedSales);
        assertThat(WalFiles.journalMode(file)).isEqualTo("wal");
        assertThat(Files.exists(file.resolveSibling("pos.db.upgrading"))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommandOnAFile")
    void everyCommandAcceptsAShopWhoseTransactionWasCutAfterItsHeaderWasWritten(List<String> command) throws Exception {
        Path file = dir.resolve("pos.db");
        Files.copy(cutTransaction, file);
        Files.copy(cutTransaction.resolveSibling("cut-transaction.db-journal"), dir.resolve("pos.db-journal"));
        assertThat(Files.size(file)).as("the main file is shorter than its header says")
                .isLessThan(declaredBytes(file));

        acceptedBy(command, file);

        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM category")).as("the cut transaction rolled back")
                .isEqualTo(categoriesBeforeTheCut);
    }

    /** Runs {@code command} on {@code file} and asserts it succeeds without calling the file truncated. */
    private static void acceptedBy(List<String> command, Path file) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--db", file.toString()));
        StringWriter err = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute(args.toArray(String[]::new));

        assertThat(exitCode).as(command + ": " + err).isZero();
        assertThat(err.toString()).doesNotContain("truncated");
    }

    /** The bytes the header's page count and page size declare. */
    private static long declaredBytes(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer header = ByteBuffer.allocate(32);
            channel.read(header, 0);
            return Integer.toUnsignedLong(header.getInt(28)) * Short.toUnsignedInt(header.getShort(16));
        }
    }
}
