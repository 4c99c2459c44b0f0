package io.posdb.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.database.SqliteDatabase;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.OperatorMessages;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What SQLite's errors stand for, whichever command met them: the place (a full disk, a program holding
 * the file) is told apart from a damaged file or a failed change, so that each gets its own exit code.
 * The SQLite errors are SQLite's own where SQLite can make them here quickly.
 */
class DatabaseFailuresTest {

    @TempDir
    Path dir;

    @Test
    void aFileAnotherProgramHoldsLockedIsInUseExit8NotAFailedMigration() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        SqliteDatabase database = SqliteDatabase.at(file);
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement holding = holder.createStatement()) {
            holding.execute("BEGIN EXCLUSIVE");
            SQLException busy = errorOf(file, "SELECT count(*) FROM user");

            PosDatabaseException failure = DatabaseFailures.of(database, busy);

            assertThat(failure.kind()).isEqualTo(BootFailure.LOCKED);
            assertThat(failure.kind().exitCode()).isEqualTo(8);
            assertThat(failure.getMessage()).startsWith("Database " + database.description() + " is in use: ")
                    .contains("let it finish or close it");
            OperatorMessages.assertSaysWhy(failure.getMessage());
            assertThat(DatabaseFailures.placeFailure(new MigrationException("wrapped", busy))).contains(BootFailure.LOCKED);
        }
    }

    @Test
    void aFullDiskIsAPlaceThatCannotBeWrittenAndAFailedStatementIsNot() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        // SQLite's own "disk full": the file may not grow past the pages it has.
        SQLException full = errorOf(file, "PRAGMA max_page_count = 1",
                "INSERT INTO category (name) VALUES (hex(randomblob(100000)))");
        SQLException wrong = errorOf(file, "INSERT INTO nothing_here VALUES (1)");

        assertThat(DatabaseFailures.placeFailure(new MigrationException("wrapped", full))).contains(BootFailure.NOT_WRITABLE);
        assertThat(DatabaseFailures.placeFailure(new MigrationException("wrapped", wrong))).isEmpty();
    }

    @Test
    void aFullDiskKeptBesideTheRollbackErrorThatHidItIsAFullDiskInSqlitesWords() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        SqliteDatabase database = SqliteDatabase.at(file);
        SQLException full = errorOf(file, "PRAGMA max_page_count = 1",
                "INSERT INTO category (name) VALUES (hex(randomblob(100000)))");
        // Liquibase's lock service threw its rollback's error; posdb kept the disk's beside it (DiskFullWitness).
        SQLException rollback = errorOf(file, "ROLLBACK");
        rollback.addSuppressed(full);
        // And a wrapper whose words repeat SQLite's after its own misleading ones.
        MigrationException permissions = new MigrationException("An error occurred while attempting to create the "
                + "database changelog table. Please make sure that you have both read and write permissions: "
                + full.getMessage(), full);

        for (MigrationException failure : new MigrationException[] {new MigrationException("wrapped", rollback),
                permissions}) {
            PosDatabaseException classed = DatabaseFailures.of(database, failure);

            assertThat(DatabaseFailures.diskFull(failure)).containsSame(full);
            assertThat(DatabaseFailures.placeFailure(failure)).contains(BootFailure.NOT_WRITABLE);
            assertThat(classed.kind()).isEqualTo(BootFailure.NOT_WRITABLE);
            assertThat(classed.getMessage()).contains("the disk is full (").contains("SQLITE_FULL")
                    .doesNotContain("no transaction is active");
            OperatorMessages.assertSaysWhy(classed.getMessage());
        }
        // The rollback's error alone says nothing of the disk: it is no full disk.
        assertThat(DatabaseFailures.diskFull(new MigrationException("wrapped", errorOf(file, "ROLLBACK")))).isEmpty();
    }

    @Test
    void sqliteUnableToGrowItsSharedMemoryFileIsADiskThatCannotBeWrittenAndSaysTheSpaceLeft() {
        SqliteDatabase database = SqliteDatabase.at(dir.resolve("pos.db"));
        // What opening a WAL file on a full disk throws: the -shm beside it cannot grow.
        SQLiteException shm = new SQLiteException("[SQLITE_IOERR_SHMSIZE] I/O error within xShmMap (disk I/O error)",
                SQLiteErrorCode.SQLITE_IOERR_SHMSIZE);

        PosDatabaseException failure = DatabaseFailures.of(database, new MigrationException("Cannot read the "
                + "migration history of " + database.description() + ": " + shm.getMessage(), shm));

        assertThat(failure.kind()).isEqualTo(BootFailure.NOT_WRITABLE);
        assertThat(failure.getMessage()).contains("SQLITE_IOERR_SHMSIZE").containsPattern(" \\(\\d+ bytes free in "
                + Pattern.quote(dir.toString()) + "\\)");
    }

    /** The error SQLite gives for the last of {@code sql}, run on a connection that does not wait for locks. */
    private static SQLException errorOf(Path file, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            for (int i = 0; i < sql.length - 1; i++) {
                statement.execute(sql[i]);
            }
            statement.execute(sql[sql.length - 1]);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("SQLite ran " + String.join("; ", sql) + " without an error");
    }
}
