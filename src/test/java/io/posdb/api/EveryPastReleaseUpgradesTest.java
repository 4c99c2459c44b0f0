package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.effect.ReleaseArchive;
import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every past release's database upgrades to HEAD (issue 21 §5): each archive in {@code releases/}
 * (a database as that release wrote it, seeded rows in every table) and the legacy fixtures (release
 * 1.0, the Python backend's files), in both journal modes. After the upgrade the schema is the one a
 * fresh install has (the one catalog, no difference), and every row that was there still is, with its
 * values; a value a changeset changed is one the audit records with the old value it had.
 */
@ExtendWith(QuietLogs.class)
class EveryPastReleaseUpgradesTest {

    /** Business tables and the audit: Liquibase's history and posdb's records are bookkeeping. */
    private static final List<String> BOOKKEEPING = List.of("databasechangelog", "databasechangeloglock");

    @TempDir
    Path dir;

    static Stream<Arguments> pastReleases() throws Exception {
        List<Arguments> releases = new ArrayList<>();
        for (JournalMode mode : JournalMode.values()) {
            releases.add(Arguments.of("1.0 (legacy shop)", null, mode));
            for (Path archive : ReleaseArchive.all()) {
                releases.add(Arguments.of(archive.getFileName().toString().replace(".sql", ""), archive, mode));
            }
        }
        return releases.stream();
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("pastReleases")
    void upgradesToTheSchemaOfAFreshInstallKeepingEveryRow(String release, Path archive, JournalMode mode)
            throws Exception {
        Path file = dir.resolve("release-" + mode + ".db");
        if (archive == null) {
            LegacyDatabases.shop(file);
        } else {
            ReleaseArchive.load(archive, file);
        }
        mode.apply(file);
        Map<String, Map<String, Map<String, String>>> before = rows(file);
        assertThat(before.values()).as("the past release's database holds rows").anyMatch(rows -> !rows.isEmpty());

        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).build());

        Path fresh = dir.resolve("fresh-" + mode + ".db");
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(fresh).build());
        assertThat(catalog(fresh).differencesFrom(catalog(file))).as("difference from a fresh install").isEmpty();
        Map<String, Map<String, Map<String, String>>> after = rows(file);
        List<String[]> audit = audit(file);
        for (var table : before.entrySet()) {
            for (var row : table.getValue().entrySet()) {
                Map<String, String> now = after.getOrDefault(table.getKey(), Map.of()).get(row.getKey());
                assertThat(now).as("row " + row.getKey() + " of " + table.getKey()).isNotNull();
                row.getValue().forEach((column, value) -> {
                    String[] changed = audit.stream().filter(a -> a[0].equals(table.getKey()) && a[1].equals(row.getKey())
                            && a[2].equals(column)).reduce((first, last) -> last).orElse(null);
                    if (changed != null) {
                        assertThat(changed[3]).as("audited old value of " + table.getKey() + "." + column + " of row "
                                + row.getKey()).isEqualTo(unquoted(value));
                    } else {
                        assertThat(now).as(table.getKey() + " row " + row.getKey()).containsEntry(column, value);
                    }
                });
            }
        }
    }

    private static SchemaCatalog catalog(Path file) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            return SchemaCatalog.read(connection);
        }
    }

    /** Table → key (the id, else the rowid) → column → SQLite's literal of the value. */
    private static Map<String, Map<String, Map<String, String>>> rows(Path file) throws Exception {
        Map<String, Map<String, Map<String, String>>> tables = new LinkedHashMap<>();
        try (Connection connection = LegacyDatabases.open(file)) {
            for (String table : catalog(file).tables().keySet()) {
                if (BOOKKEEPING.contains(table.toLowerCase()) || table.startsWith("sqlite_")) {
                    continue;
                }
                List<String> columns = Jdbc.columns(connection, table);
                String key = columns.contains("id") ? "id" : "rowid";
                Map<String, Map<String, String>> rows = new LinkedHashMap<>();
                try (PreparedStatement query = connection.prepareStatement("SELECT CAST(" + SqlIdentifiers.quoteAny(key)
                        + " AS TEXT), " + String.join(", ", columns.stream().map(c -> "quote(" + SqlIdentifiers.quoteAny(c)
                        + ")").toList()) + " FROM " + SqlIdentifiers.quoteAny(table));
                     ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 0; i < columns.size(); i++) {
                            row.put(columns.get(i), rs.getString(i + 2));
                        }
                        rows.put(rs.getString(1), row);
                    }
                }
                tables.put(table, rows);
            }
        }
        return tables;
    }

    /** The audit's changes: table, row id, column, old value (oldest first). */
    private static List<String[]> audit(Path file) throws Exception {
        List<String[]> audit = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file);
             PreparedStatement query = connection.prepareStatement(
                     "SELECT table_name, row_id, column_name, old_value FROM data_migration_audit ORDER BY id");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                audit.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        return audit;
    }

    /** 'primary' → primary: the audit keeps values as text. */
    private static String unquoted(String literal) {
        return literal.startsWith("'") ? literal.substring(1, literal.length() - 1).replace("''", "'") : literal;
    }
}
