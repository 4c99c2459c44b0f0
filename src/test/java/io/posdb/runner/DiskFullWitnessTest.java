package io.posdb.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * Liquibase answers a failed write by rolling back and throws what the rollback says, not what the disk said:
 * the connection it works through keeps SQLite's full-disk error, so the failure is still the full disk. SQLite's
 * own SQLITE_FULL here comes from {@code max_page_count}, set on the watched connection.
 */
class DiskFullWitnessTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskThatTheRollbackAfterItHidIsAddedToTheFailure() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        DiskFullWitness witness = new DiskFullWitness();
        try (Connection opened = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Connection connection = witness.watch(opened);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA max_page_count = 1");
            }
            connection.setAutoCommit(false);
            // What Liquibase's lock service does: the write fails, it rolls back, and SQLite, which rolled the
            // transaction back itself on SQLITE_FULL, refuses that; the refusal is what is thrown.
            Throwable failure = catchThrowable(() -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO category (name) VALUES (hex(randomblob(100000)))")) {
                    insert.executeUpdate();
                } catch (SQLException full) {
                    connection.rollback();
                }
            });
            assertThat(failure).hasMessageContaining("no transaction is active");
            assertThat(DatabaseFailures.diskFull(failure)).isEmpty();

            witness.addTo(failure);

            assertThat(DatabaseFailures.diskFull(failure)).get().asString().contains("SQLITE_FULL");
            assertThat(DatabaseFailures.placeFailure(failure)).contains(BootFailure.NOT_WRITABLE);
        }
    }

    @Test
    void theWatchedConnectionStillUnwrapsToTheDriversOwn() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        try (Connection opened = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Connection connection = new DiskFullWitness().watch(opened);

            assertThat(connection.unwrap(SQLiteConnection.class)).isSameAs(opened);
            assertThat(connection.isWrapperFor(SQLiteConnection.class)).isTrue();
        }
    }

    @Test
    void aFailureThatSaysTheDiskIsFullAlreadyGetsNothingAdded() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        DiskFullWitness witness = new DiskFullWitness();
        try (Connection opened = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Connection connection = witness.watch(opened);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA max_page_count = 1");
                Throwable full = catchThrowable(() -> statement.execute(
                        "INSERT INTO category (name) VALUES (hex(randomblob(100000)))"));

                witness.addTo(full);

                assertThat(full).hasMessageContaining("SQLITE_FULL");
                assertThat(full.getSuppressed()).isEmpty();
            }
        }
    }
}
