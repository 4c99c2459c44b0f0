package io.posdb.doctor;

import io.posdb.changelog.MigrationRecords;
import io.posdb.changelog.Release;
import io.posdb.database.CannotReadWithoutWriting;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import io.posdb.files.PrivateFiles;
import io.posdb.report.DoctorReport;
import io.posdb.report.UpgradeRun;
import io.posdb.runner.LiquibaseTables;
import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.Jdbc;
import io.posdb.upgrade.sqlite.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.LoggerFactory;

/**
 * {@code posdb doctor --bundle FILE}: one zip a shop can send to support. Redacted by construction:
 * every part is assembled from fields that cannot hold a shop's personal data (the doctor's report,
 * which names ids and counts only; versions; Liquibase's history rows: ids, authors, files, dates,
 * checksums, exec types; audit row counts per changeset, table and column; the schema's objects;
 * the upgrade records' describing columns), never from a table's values, so nothing needs to be
 * found and blanked afterwards. The one part that is free text, the last lines of the log (when a
 * log file is configured), is copied with every quoted text blanked: posdb quotes each value it logs
 * (a data change names a row as {@code user 40 ('…')} and its values as {@code '…' -> '…'}), so the
 * lines keep what happened to which row id and lose the shop's words. The zip is written to a private temporary file beside {@code FILE} and moved into
 * place in one step: there is a whole bundle or none.
 */
public final class SupportBundle {

    /** Lines of the log file kept (the end of it: the last boot or upgrade). */
    static final int LOG_LINES = 200;

    /**
     * A value as posdb's log lines quote it, '…' or "…": from a quote to the same quote followed by no letter or
     * digit, so that a value holding an apostrophe ('O'Brien') is blanked whole. An apostrophe in the message's
     * own words can only make it blank more, never less.
     */
    private static final Pattern QUOTED = Pattern.compile("(['\"]).*?\\1(?=[^\\p{L}\\p{N}]|$)");

    /** The versions support asks first. */
    public record Versions(String posdb, String java, String javaVendor, String os, String databaseProduct,
                           String databaseVersion, String driver, String driverVersion) {
    }

    /** How many audit rows one audited data change wrote, per table and column: counts, not values. */
    public record AuditCount(String changesetId, String table, String column, long rows) {
    }

    private SupportBundle() {
    }

    /**
     * The refusal of an existing bundle, in the words of both who ask: an application (the api's {@code replace}) and
     * the operator (posdb doctor's {@code --replace}).
     */
    private static String alreadyThere(Path target) {
        return "the bundle " + target + " exists already and is replaced only when asked to (posdb doctor --replace; "
                + "replace in PosDatabaseChecks.writeSupportBundle)";
    }

    /**
     * Writes the bundle of {@code report} on {@code database} to {@code file}; {@code json} writes a
     * record as JSON (the caller's one mapper, so the bundle's JSON is the command line's).
     * An existing {@code file} is refused unless {@code replace}.
     */
    public static void write(TillDatabase database, DoctorReport report, Path file, boolean replace,
                             Function<Object, String> json) throws PosDatabaseException {
        Path target = file.toAbsolutePath().normalize();
        if (!replace && Files.exists(target)) {
            throw new IllegalArgumentException(alreadyThere(target));
        }
        // Hidden and unique: a half-written bundle is never mistaken for one, nor collides with another's.
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            DurableFiles.write(target, temporary, PrivateFiles::createOwnerOnly, out -> {
                try (ZipOutputStream zip = new ZipOutputStream(out)) {
                    entry(zip, "doctor.json", json.apply(report));
                    entry(zip, "doctor.txt", report.text());
                    for (Map.Entry<String, String> part : parts(database, json).entrySet()) {
                        entry(zip, part.getKey(), part.getValue());
                    }
                    entry(zip, "log.txt", logTail());
                }
            }, replace);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(alreadyThere(target), e); // written by another meanwhile
        } catch (IOException | RuntimeException e) {
            throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Cannot write the support bundle " + target + ": "
                    + FailureReason.of(e), e);
        }
    }

    /**
     * The parts read from the database, by entry name; when the database cannot be read, what was read
     * before and {@code unreadable.txt} saying why (the versions always: support asks for them first).
     */
    private static Map<String, String> parts(TillDatabase database, Function<Object, String> json) {
        // An SQLite file is read as the doctor reads it: read-only, the folder left as found, and with a hot
        // -journal, on a private copy with the journal rolled back (SqliteDatabase#readFileWithoutWriting).
        TillDatabase readOnly = database instanceof SqliteDatabase sqlite ? SqliteDatabase.readOnlyAt(sqlite.file())
                : database;
        try {
            return readOnly.readWithoutWriting(readable -> {
                Map<String, String> parts = new LinkedHashMap<>();
                try (Connection connection = readable.open()) {
                    parts.put("versions.json", json.apply(versions(connection)));
                    parts.put("liquibase-history.json", json.apply(LiquibaseTables.withRecordedClasses(connection,
                            MigrationRecords.history(connection))));
                    List<UpgradeRun> runs = LastUpgrade.redacted(connection);
                    parts.put("upgrade-runs.json", json.apply(runs == null
                            ? Map.of("none", "no upgrade records (this database predates them)") : runs));
                    parts.put("audit-counts.json", json.apply(auditCounts(connection)));
                    parts.put("schema.json", json.apply(SchemaCatalog.read(connection).objects()));
                } catch (SQLException e) {
                    SqliteDatabase.throwIfAJournalTurnedHot(e); // a till died during the read: read again on the copy
                    parts.putIfAbsent("versions.json", json.apply(versions(null)));
                    parts.put("unreadable.txt", "The database could not be read: " + FailureReason.of(e));
                }
                return parts;
            });
        } catch (CannotReadWithoutWriting e) {
            Map<String, String> parts = new LinkedHashMap<>();
            parts.put("versions.json", json.apply(versions(null)));
            parts.put("unreadable.txt", "The database could not be read: " + FailureReason.of(e));
            return parts;
        }
    }

    static Versions versions(Connection connection) {
        String product = null;
        String productVersion = null;
        String driver = null;
        String driverVersion = null;
        if (connection != null) {
            try {
                DatabaseMetaData meta = connection.getMetaData();
                product = meta.getDatabaseProductName();
                productVersion = meta.getDatabaseProductVersion();
                driver = meta.getDriverName();
                driverVersion = meta.getDriverVersion();
            } catch (SQLException e) {
                product = "unknown: " + FailureReason.of(e);
            }
        }
        return new Versions(Release.current(), System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), product, productVersion,
                driver, driverVersion);
    }

    private static List<AuditCount> auditCounts(Connection connection) throws SQLException {
        if (!Jdbc.tableExists(connection, "data_migration_audit")) {
            return List.of();
        }
        return Jdbc.rows(connection, "SELECT changeset_id, table_name, column_name, COUNT(*) "
                + "FROM data_migration_audit GROUP BY changeset_id, table_name, column_name "
                + "ORDER BY changeset_id, table_name, column_name", List.of(),
                rs -> new AuditCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
    }

    /** The end of the log file Logback writes to, if one is configured (posdb's own set-up logs to stderr only). */
    static String logTail() {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context)) {
            return "none: posdb's logging is not Logback here, so no log file is known";
        }
        for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
            for (Iterator<ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent>> appenders =
                 logger.iteratorForAppenders(); appenders.hasNext(); ) {
                if (appenders.next() instanceof ch.qos.logback.core.FileAppender<?> fileAppender
                        && fileAppender.getFile() != null) {
                    Path log = Path.of(fileAppender.getFile());
                    try {
                        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                        return "The last lines of " + log + " (quoted values blanked):" + System.lineSeparator()
                                + lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()).stream()
                                        .map(SupportBundle::withoutQuotedValues)
                                        .collect(Collectors.joining(System.lineSeparator()));
                    } catch (IOException e) {
                        return "The log file " + log + " cannot be read: " + FailureReason.of(e);
                    }
                }
            }
        }
        return "none: no log file is configured (posdb logs to stderr; the till's own log is where its output goes)";
    }

    /** A log line with the text inside each pair of single or double quotes replaced by {@code …}. */
    static String withoutQuotedValues(String line) {
        return QUOTED.matcher(line).replaceAll("$1…$1");
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
