package io.posdb.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The doctor screens a large shop's rows with {@link TillTimeText#notSurelyRead} alone and judges in full only the rows
 * it matches: a text the screen lets through unjudged would never be listed, so it must match every text either full
 * condition matches; and it must let the till's own form through, or the screen would save nothing.
 */
class TillTimeTextTest {

    private static final String COLUMN = "\"x\"";

    /** Texts the till reads as the time they say: the screen lets them through. */
    private static final List<String> SURELY_READ = List.of("2025-03-01 10:00:00", "2025-03-01 10:00:00.123456",
            "2025-03-01 10:00:00.5Z", "2025-03-01 10:00:00 ", "2024-02-29 00:00:00", "2000-02-29 12:00:00",
            "0001-01-01 00:00:00", "9999-12-31 23:59:59", "1582-10-10 10:00:00", "2025-03-01 10:00:00+02:00",
            "2025-03-01 10:00:00.123456-05:00", "2025-03-01 10:00:00 +02:00", "2025-03-01 10:00:00abc",
            "2025-03-01 10:00:59.9999");
    /** Texts the till reads as the time they say, judged in full: short fields, more second digits, a year past 9999. */
    private static final List<String> READ_IN_FULL = List.of("2025-2-3 9:05:00", "10000-01-01 00:00:00",
            "2025-03-01 10:00:001", "2025-03-01 10:00:0059");
    private static final List<String> NO_REAL_TIME = List.of("2025-02-30 10:00:00", "2025-2-30 10:00:00",
            "2025-13-45 10:00:00", "0000-01-01 00:00:00", "2025-01-01 24:00:00", "2025-01-01 23:60:00",
            "2025-01-01 23:59:60", "2023-02-29 00:00:00", "1900-02-29 00:00:00", "2025-04-31 10:00:00",
            "2025-00-10 10:00:00", "2025-03-00 10:00:00", "2025-03-01 10:00:0060", "2025-01-01 24:00:00+02:00",
            "2024-12-31 24:00:00.5");
    private static final List<String> NOT_IN_THE_FORM = List.of("2025-03-01T10:00:00", "01/03/2024", "2025-03-01 10:00",
            "2025-03-01", "", " 2025-03-01 10:00:00", "2025-03-01  10:00:00", "99999999999-01-01 00:00:00",
            "-001-01-01 00:00:00", "+2025-03-01 10:00:00");

    /**
     * In every column type a time is declared with: TIMESTAMP and DATETIME give the column NUMERIC affinity, under
     * which SQLite compares a text literal as the number it reads ('0001' as 1), none gives none.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TEXT", "TIMESTAMP", "DATETIME", ""})
    void theScreenMatchesEveryTextAFullConditionMatchesAndLetsTheTillsOwnFormThrough(String declaredType)
            throws Exception {
        List<String> all = new ArrayList<>(SURELY_READ);
        all.addAll(READ_IN_FULL);
        all.addAll(NO_REAL_TIME);
        all.addAll(NOT_IN_THE_FORM);

        List<String> notInTheForm = matching(declaredType, all, TillTimeText.notInTheForm(COLUMN));
        List<String> noRealTime = matching(declaredType, all, TillTimeText.namingNoRealTime(COLUMN));
        List<String> screened = matching(declaredType, all, TillTimeText.notSurelyRead(COLUMN));
        List<String> cheaplyScreened = matching(declaredType, all, TillTimeText.screen(COLUMN));

        assertThat(notInTheForm).containsExactlyInAnyOrderElementsOf(NOT_IN_THE_FORM);
        assertThat(noRealTime).containsExactlyInAnyOrderElementsOf(NO_REAL_TIME);
        assertThat(screened).containsAll(notInTheForm).containsAll(noRealTime).containsAll(READ_IN_FULL)
                .doesNotContainAnyElementsOf(SURELY_READ);
        assertThat(cheaplyScreened).as("the doctor's screen on posdb's SQLite")
                .containsExactlyInAnyOrderElementsOf(screened);
    }

    /** The texts of {@code texts} that {@code condition} matches, each a row of a table in memory. */
    private static List<String> matching(String declaredType, List<String> texts, String condition)
            throws Exception {
        List<String> matched = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (x " + declaredType + ")");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (x) VALUES (?)")) {
                for (String text : texts) {
                    insert.setString(1, text);
                    insert.execute();
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT x FROM t WHERE " + condition)) {
                while (rs.next()) {
                    matched.add(rs.getString(1));
                }
            }
        }
        return matched;
    }
}
