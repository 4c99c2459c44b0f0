package io.posdb.orm;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.PostgresDatabase;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.TillTimeZone;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A till's JVM runs in the shop's zone, which may skip an hour in spring: the text of a time (SQLite's
 * CURRENT_TIMESTAMP writes UTC's, so any hour occurs) is read and written as the wall-clock time it says, whatever
 * that zone. Before, in Europe/Berlin, '2025-03-30 02:30:00' was read as 03:30 and written back so.
 */
class WallClockTimesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aTimeInTheHourTheTillsZoneSkipsIsReadAndWrittenBackAsItsTextSays(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        TillTimeZone.during(TillTimeZone.BERLIN, () -> {
            try (PosDatabase till = PosDatabase.boot(PosDatabaseSettings.sqlite(file).build())) {
                theSkippedHourIsReadAndWrittenBackAsWritten(till, "INSERT INTO user (username, name, pin_hash, role, "
                        + "is_active, created_at, updated_at) VALUES ('night', 'Night Shift', 'h', 'user', 1, "
                        + "'2025-03-30 02:30:00', '2025-10-26 02:30:00')",
                        "SELECT created_at || ' ' || updated_at FROM user WHERE username = 'night'");
            }
        });
    }

    /** A chain's server too: its {@code timestamp} columns hold wall-clock times, read in no zone. */
    @Tag("postgres")
    @Test
    void onAServerATimeInTheHourTheTillsZoneSkipsIsReadAndWrittenBackAsItSays() throws Exception {
        PostgresDatabase server = PostgresServer.createDatabase();
        try {
            TillTimeZone.during(TillTimeZone.BERLIN, () -> {
                try (PosDatabase till = PosDatabase.boot(PosDatabaseSettings.of(server).build())) {
                    theSkippedHourIsReadAndWrittenBackAsWritten(till, "INSERT INTO \"user\" (username, name, "
                            + "pin_hash, role, is_active, created_at, updated_at) VALUES ('night', 'Night Shift', "
                            + "'h', 'user', true, '2025-03-30 02:30:00', '2025-10-26 02:30:00')",
                            "SELECT to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') || ' ' || to_char(updated_at, "
                                    + "'YYYY-MM-DD HH24:MI:SS') FROM \"user\" WHERE username = 'night'");
                }
            });
        } finally {
            PostgresServer.drop(server);
        }
    }

    /**
     * On a till booted in Berlin's zone: the user {@code insertNightShift} writes, with a time in the hour Berlin
     * skips and one in the hour it repeats, is read as its times say, and written back (its name changed, a time in
     * the hour 2026 skips set) as they say; {@code selectItsTimes} reads the row's two times as one text.
     */
    private static void theSkippedHourIsReadAndWrittenBackAsWritten(PosDatabase till, String insertNightShift,
                                                                    String selectItsTimes) throws Exception {
        try (Connection connection = till.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(insertNightShift);
        }
        User read = till.sessionFactory().fromSession(session -> session
                .createQuery("from User where username = 'night'", User.class).getSingleResult());
        assertThat(read.getCreatedAt()).as("the hour Berlin skips").isEqualTo(LocalDateTime.of(2025, 3, 30, 2, 30));
        assertThat(read.getUpdatedAt()).as("the hour Berlin repeats")
                .isEqualTo(LocalDateTime.of(2025, 10, 26, 2, 30));

        till.sessionFactory().inTransaction(session -> {
            User user = session.find(User.class, read.getId());
            user.setName("Night Shift Lead"); // the row is written back with its times
            user.setUpdatedAt(LocalDateTime.of(2026, 3, 29, 2, 15)); // in the hour Berlin skips in 2026
        });

        try (Connection connection = till.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(selectItsTimes)) {
            rs.next();
            assertThat(rs.getString(1)).as("the row's text").isEqualTo("2025-03-30 02:30:00 2026-03-29 02:15:00");
        }
    }
}
