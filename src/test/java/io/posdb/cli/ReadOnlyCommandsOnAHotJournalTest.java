package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.testsupport.WalFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * An upgraded DELETE-mode shop with a hot {@code -journal}: a transaction a power cut left half written, its
 * changed pages already in the main file (which has grown), the originals in the journal. The commands that
 * write nothing leave its folder as they found it, byte for byte (SQLite's rollback, which any read-write
 * connection does first, would rewrite the main file and delete the journal), and still read the shop as SQLite
 * will when the till next opens it: with the cut transaction rolled back (on a private copy).
 */
@ExtendWith(QuietLogs.class)
class ReadOnlyCommandsOnAHotJournalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The cut transaction empties Liquibase's history: read without its rollback, the shop looks never upgraded. */
    private static final String EMPTY_THE_HISTORY = "DELETE FROM DATABASECHANGELOG";

    @TempDir
    static Path shared;
    /** The shop's folder: pos.db, pos.db-journal (hot) and the pos.db.lock its upgrade left. */
    private static Path prepared;
    private static long applied;

    @TempDir
    Path dir;
    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    static void anUpgradedShopWhoseTransactionAPowerCutLeftInItsJournal() throws Exception {
        Path file = WalFiles.shop(Files.createDirectory(shared.resolve("shop")).resolve("pos.db"), JournalMode.DELETE);
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        applied = WalFiles.count(file, "SELECT COUNT(*) FROM DATABASECHANGELOG");
        WalFiles.cutTransaction(file, EMPTY_THE_HISTORY, 3_000, false);
        prepared = file.getParent();
    }

    static Stream<List<String>> commandsThatWriteNothing() {
        return Stream.of(List.of("status"), List.of("history"), List.of("history", "--runs"), List.of("audit"),
                List.of("validate"), List.of("drift"), List.of("update-sql"), List.of("rehearse"), List.of("doctor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsThatWriteNothing")
    void aCommandThatWritesNothingLeavesTheHotJournalAndTheFileItWouldRollBackByteForByte(List<String> command)
            throws Exception {
        Path file = copyOfTheShop();
        Map<String, String> before = Bytes.folder(file.getParent());

        int exitCode = posdb(command, file);

        assertThat(exitCode).as(command + ": " + err).isZero();
        assertThat(Bytes.folder(file.getParent())).as("the shop's folder after " + command).isEqualTo(before);
    }

    @Test
    void statusAndHistoryReadTheShopWithTheCutTransactionRolledBack() throws Exception {
        Path file = copyOfTheShop();
        assertThat(WalFiles.countInMainFileAlone(file, "SELECT COUNT(*) FROM DATABASECHANGELOG"))
                .as("the main file alone holds the cut transaction's emptied history").isZero();

        assertThat(posdb(List.of("status"), file)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("is up to date");
        assertThat(posdb(List.of("history", "--json"), file)).as(err.toString()).isZero();
        JsonNode history = JSON.readTree(out.toString()).get("history");
        assertThat(history).as("every changeset the boot applied").hasSize((int) applied);
    }

    /**
     * A private copy that cannot be made (here java.io.tmpdir names no folder) fails the read with the place's
     * kind, naming the setting, rather than let SQLite roll the journal back in the shop's file.
     */
    @Test
    void aPrivateCopyThatCannotBeMadeIsExit7AndTheShopIsNotRolledBack() throws Exception {
        Path file = copyOfTheShop();
        Map<String, String> before = Bytes.folder(file.getParent());

        int exitCode = withoutATemporaryFolder(() -> posdb(List.of("status"), file));

        assertThat(exitCode).as(err.toString()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(err.toString()).contains("Cannot read " + file + " without writing to it")
                .contains("-Djava.io.tmpdir=<folder>").contains("the database was not touched");
        assertThat(Bytes.folder(file.getParent())).as("the shop's folder").isEqualTo(before);
    }

    /** An application gets the same failure as posdb's one failure type, not an unchecked exception. */
    @Test
    void aPrivateCopyThatCannotBeMadeIsTheApisNotWritableFailure() throws Exception {
        Path file = copyOfTheShop();
        Map<String, String> before = Bytes.folder(file.getParent());
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        Throwable history = withoutATemporaryFolder(() -> catchThrowable(() -> PosDatabaseChecks.history(settings)));
        Throwable plan = withoutATemporaryFolder(() -> catchThrowable(() -> PosDatabaseChecks.plan(settings)));

        for (Throwable failure : List.of(history, plan)) {
            assertThat(failure).isInstanceOf(PosDatabaseException.class).hasMessageContaining("without writing to it");
            assertThat(((PosDatabaseException) failure).kind()).isEqualTo(BootFailure.NOT_WRITABLE);
        }
        assertThat(Bytes.folder(file.getParent())).as("the shop's folder").isEqualTo(before);
    }

    /** {@code work}'s result with java.io.tmpdir naming a folder that does not exist. */
    private <T> T withoutATemporaryFolder(Supplier<T> work) {
        String temporaryFolder = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.resolve("no-such-folder").toString());
        try {
            return work.get();
        } finally {
            System.setProperty("java.io.tmpdir", temporaryFolder);
        }
    }

    /** A byte copy of the prepared shop's folder, so that every test judges the same cut. */
    private Path copyOfTheShop() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("shop"));
        try (Stream<Path> files = Files.list(prepared)) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Path file = folder.resolve("pos.db");
        assertThat(WalFiles.sideFiles(file)).extracting(f -> f.getFileName().toString()).containsExactly("pos.db-journal");
        return file;
    }

    private int posdb(List<String> command, Path file) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--db", file.toString()));
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args.toArray(String[]::new));
    }
}
