package io.posdb.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.report.DoctorReport;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.FileModes;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * {@code posdb doctor --bundle}: one private zip, written whole or not at all, that holds none of the
 * shop's personal values.
 */
@ExtendWith(QuietLogs.class) // the remap's warnings for the grown shop's odd roles are expected here
class SupportBundleTest {

    private static final int PEOPLE = 1_000;
    /**
     * Every so many users the legacy role column holds a note about the person (as tills in the field do:
     * "kierownik zmiany Kasia Nowak-40"), which the remap cannot map: the audit records it as the old value.
     */
    private static final int ODD_ROLE_EVERY = 10;
    /** The changelog's own words among the audit values: the role names the remap maps between. */
    private static final Set<String> ROLE_NAMES = Set.of("primary", "staff", "admin", "user");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aBundleOfAShopWithAThousandUsersAndSalesHoldsNoneOfTheirPersonalValues(JournalMode mode) throws Exception {
        Path file = grownShop(mode);
        Path log = dir.resolve("till.log");
        FileAppender<ILoggingEvent> tillLog = logTo(log);
        try {
            assertThat(PosdbInProcess.run("update", "--db", file.toString()).exitCode()).isZero();
        } finally {
            tillLog.stop();
        }
        List<String> audited = auditValues(file);
        // Else the bundle's audit check below would compare nothing: the remap's audit must hold the shop's own words.
        assertThat(audited).as("personal values the role remap recorded in data_migration_audit")
                .hasSizeGreaterThanOrEqualTo(PEOPLE / ODD_ROLE_EVERY).allMatch(v -> v.contains("Nowak-"));
        List<String> personal = personalValues(file);
        assertThat(personal).as("the fixture's personal values").hasSizeGreaterThan(4 * PEOPLE)
                .containsAll(audited);
        // The till's log names the users the remap could not map, with their notes: the bundle copies its end.
        String tillLogText = readString(log); // read once, not once per value (5,000 reads of 150 KB took 6 s)
        assertThat(personal.stream().filter(value -> holds(tillLogText, value)).findFirst())
                .as("a personal value in the till's log").isPresent();
        Path bundle = dir.resolve("support.zip");

        PosdbProcess.Result result;
        try {
            tillLog.start();
            result = PosdbInProcess.run("doctor", "--db", file.toString(), "--bundle", bundle.toString());
        } finally {
            detach(tillLog);
        }

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("Support bundle written to " + bundle);
        Map<String, String> entries = entries(bundle);
        assertThat(entries.keySet()).contains("doctor.json", "doctor.txt", "versions.json", "liquibase-history.json",
                "upgrade-runs.json", "audit-counts.json", "schema.json", "log.txt");
        assertThat(entries.get("audit-counts.json")).contains("\"rows\" : " + PEOPLE);
        assertThat(entries.get("liquibase-history.json")).contains("0008");
        assertThat(entries.get("versions.json")).contains("\"driver_version\"");
        assertThat(entries.get("log.txt")).as("the log's lines, their quoted values blanked")
                .contains("(quoted values blanked)", "user ", "('…')");
        List<String> found = new ArrayList<>();
        entries.forEach((name, text) -> personal.stream().filter(value -> holds(text, value)).limit(3)
                .forEach(value -> found.add(name + ": " + value)));
        assertThat(found).as("personal values in the bundle").isEmpty();
        assertThat(FileModes.of(bundle)).isEqualTo("rw-------");
    }

    /**
     * The bundle reads the shop as the doctor does: its folder is left byte for byte, with what a power cut leaves
     * beside it (a WAL file's committed sales in its -wal; a DELETE-mode file's hot -journal, which the bundle
     * reads past on a private copy, rolled back).
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void writingABundleLeavesTheShopsFolderAsItWas(JournalMode mode) throws Exception {
        Path shop = Files.createDirectories(dir.resolve("shop"));
        Path file = mode == JournalMode.WAL ? WalFiles.shopWithHotWal(shop.resolve("pos.db"), 2)
                : WalFiles.shopWithHotJournal(shop.resolve("pos.db"), 3_000);
        Map<String, String> before = Bytes.folder(shop);
        Path bundle = dir.resolve("support.zip");

        PosdbProcess.Result result = PosdbInProcess.run("doctor", "--db", file.toString(), "--bundle", bundle.toString());

        assertThat(result.stdout()).as(result.stderr()).contains("Support bundle written to " + bundle);
        assertThat(entries(bundle)).containsKey("schema.json").doesNotContainKey("unreadable.txt");
        assertThat(Bytes.folder(shop)).as("the bundle writes nothing beside the database").isEqualTo(before);
    }

    /** An application asking for a bundle where one is gets the same refusal, in words it can act on. */
    @Test
    void theApiRefusesAnExistingBundleNamingItAndHowToReplaceItAndLeavesItAsItWas() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        Path bundle = dir.resolve("support.zip");
        Files.writeString(bundle, "an earlier bundle");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        DoctorReport report = PosDatabaseChecks.doctor(settings);

        assertThatThrownBy(() -> PosDatabaseChecks.writeSupportBundle(settings, report, bundle, false, String::valueOf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bundle.toString()).hasMessageContaining("exists already")
                .hasMessageContaining("replace in PosDatabaseChecks.writeSupportBundle");
        assertThat(Files.readString(bundle)).isEqualTo("an earlier bundle");
    }

    @Test
    void anExistingBundleIsRefusedUnlessReplacedAndNoTemporaryFileIsLeft() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        Path bundle = dir.resolve("support.zip");
        Files.writeString(bundle, "an earlier bundle");

        PosdbProcess.Result refused = PosdbInProcess.run("doctor", "--db", file.toString(), "--bundle", bundle.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).contains("exists already");
        assertThat(Files.readString(bundle)).isEqualTo("an earlier bundle");

        PosdbProcess.Result replaced = PosdbInProcess.run("doctor", "--db", file.toString(), "--bundle",
                bundle.toString(), "--replace");
        assertThat(replaced.exitCode()).isZero();
        assertThat(entries(bundle)).containsKey("doctor.json");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(".tmp"));
        }
    }

    @Test
    void aBundleOfAFileSqliteCannotReadSaysSoAndStillHoldsTheReport() throws Exception {
        Path file = dir.resolve("pos.db");
        Files.writeString(file, "not a database");
        Path bundle = dir.resolve("support.zip");

        PosdbProcess.Result result = PosdbInProcess.run("doctor", "--db", file.toString(), "--bundle", bundle.toString());

        assertThat(result.exitCode()).isEqualTo(6);
        Map<String, String> entries = entries(bundle);
        assertThat(entries.get("doctor.txt")).contains("FAIL sqlite header");
        assertThat(entries.get("unreadable.txt")).startsWith("The database could not be read");
        assertThat(entries.get("versions.json")).contains("\"java\"");
    }

    /** The legacy sample shop grown to {@value #PEOPLE} users and sales, with values no schema or version holds. */
    private Path grownShop(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        try (Connection connection = LegacyDatabases.open(file)) {
            connection.setAutoCommit(false);
            try (PreparedStatement user = connection.prepareStatement("INSERT INTO \"user\" (id, username, name, "
                    + "pin_hash, role, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, "
                    + "'2024-03-01 08:00:00', '2024-03-01 08:00:00')");
                 PreparedStatement sale = connection.prepareStatement("INSERT INTO sale (id, receipt_no, total, "
                         + "payment_method, created_at, cashier_id) VALUES (?, ?, ?, 'card', '2025-01-01 10:00:00', ?)")) {
                for (int id = 4; id <= PEOPLE; id++) { // the sample shop has users 1 to 3
                    user.setInt(1, id);
                    user.setString(2, "cashier.qz" + id);
                    user.setString(3, "Kasia Nowak-" + id);
                    user.setString(4, "pbkdf2_sha256$1$c2FsdA$f00d" + Integer.toHexString(id * 7919));
                    user.setString(5, id % ODD_ROLE_EVERY == 0 ? "kierownik zmiany Kasia Nowak-" + id
                            : id % 2 == 0 ? "staff" : "primary");
                    user.addBatch();
                }
                user.executeBatch();
                for (int id = 6; id <= PEOPLE; id++) { // and sales 1 to 5
                    sale.setInt(1, id);
                    sale.setString(2, "R-2026-" + String.format("%06d", id));
                    sale.setString(3, id + ".93");
                    sale.setInt(4, 1 + id % PEOPLE);
                    sale.addBatch();
                }
                sale.executeBatch();
            }
            connection.commit();
        }
        return file;
    }

    /**
     * Every user name, username, PIN hash, receipt number and amount of the shop, and every old and
     * new value its audit recorded, except the audit values that are the changelog's own words (the
     * role names the remap maps between: the schema's CHECK constraint and the report name them).
     */
    private static List<String> personalValues(Path file) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            for (String sql : List.of("SELECT username FROM \"user\"", "SELECT name FROM \"user\"",
                    "SELECT pin_hash FROM \"user\"", "SELECT receipt_no FROM sale", "SELECT total FROM sale",
                    "SELECT unit_price FROM saleitem", "SELECT old_value FROM data_migration_audit",
                    "SELECT new_value FROM data_migration_audit")) {
                try (ResultSet rs = statement.executeQuery(sql)) {
                    while (rs.next()) {
                        String value = rs.getString(1);
                        if (value != null && !ROLE_NAMES.contains(value)) {
                            values.add(value);
                        }
                    }
                }
            }
        }
        return values;
    }

    /**
     * Whether {@code text} holds {@code value} as itself: an amount such as {@code 3.90} or {@code 23.93} is found
     * wherever it stands, but not as the digits of a longer number, such as a record's time
     * {@code 07:41:23.934Z} (which made this check fail at random). Each occurrence found by {@code indexOf}, its
     * neighbours checked, rather than a regular expression compiled per value: the check asks this of some 5,000
     * values in every entry of the bundle.
     */
    private static boolean holds(String text, String value) {
        boolean digitFirst = Character.isDigit(value.charAt(0));
        boolean digitLast = Character.isDigit(value.charAt(value.length() - 1));
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
            int after = at + value.length();
            boolean startsFree = !digitFirst || at == 0 || !isAsciiDigit(text.charAt(at - 1));
            boolean endsFree = !digitLast || after == text.length() || !isAsciiDigit(text.charAt(after));
            if (startsFree && endsFree) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The audit's old and new values that are not the changelog's own role names. */
    private static List<String> auditValues(Path file) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT old_value FROM data_migration_audit UNION ALL "
                     + "SELECT new_value FROM data_migration_audit")) {
            while (rs.next()) {
                String value = rs.getString(1);
                if (value != null && !ROLE_NAMES.contains(value)) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /** A Logback file appender on posdb's loggers, as a till configures one (posdb's own set-up logs to stderr). */
    private static FileAppender<ILoggingEvent> logTo(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d %-5level %logger - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("till-log");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger("io.posdb").addAppender(appender);
        return appender;
    }

    private static void detach(FileAppender<ILoggingEvent> appender) {
        appender.stop();
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.posdb").detachAppender(appender);
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, String> entries(Path zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries1 = new ZipInputStream(in)) {
            for (ZipEntry entry = entries1.getNextEntry(); entry != null; entry = entries1.getNextEntry()) {
                entries.put(entry.getName(), new String(entries1.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
