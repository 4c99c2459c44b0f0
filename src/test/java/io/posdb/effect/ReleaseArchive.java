package io.posdb.effect;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.Release;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import io.posdb.sql.SqlScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A database as a release wrote it, kept in the repository as SQL text ({@code releases/<version>.sql}):
 * the release's packaged changelog applied to a fresh file, a few seeded rows in every table (the
 * effect observer's {@link RowSeeder}), then every object and row, Liquibase's history and posdb's
 * records included. {@code scripts/release-check.sh} writes the current release's archive when it has
 * none ({@code ReleaseArchive releases/<version>.sql}); tests load every archive and upgrade it to HEAD
 * (issue 21 §5). Text, not a binary file: a reviewer reads what a release left.
 */
public final class ReleaseArchive {

    private ReleaseArchive() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ReleaseArchive releases/<version>.sql");
            System.exit(2);
        }
        Path dump = Path.of(args[0]);
        if (Files.exists(dump)) {
            System.out.println(dump + " exists: a released archive is never rewritten");
            return;
        }
        Path folder = Files.createTempDirectory("posdb-release-archive");
        Path file = folder.resolve("pos.db");
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).build());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Map<String, String> unseeded = RowSeeder.seed(connection);
            if (!unseeded.isEmpty()) {
                throw new IllegalStateException("tables left without rows: " + unseeded);
            }
            Files.createDirectories(dump.toAbsolutePath().getParent());
            Files.writeString(dump, "-- The database posdb " + Release.current() + " wrote, with seeded rows in every "
                    + "table (io.posdb.effect.ReleaseArchive).\n" + dump(connection));
        }
        System.out.println("wrote " + dump);
    }

    /** Every object, then every row, then indexes, triggers and views: statements ended by ";\n". */
    static String dump(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder();
        List<String[]> objects = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
                        + "AND lower(name) <> 'databasechangeloglock' ORDER BY rowid")) {
            while (rs.next()) {
                objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        for (String[] object : objects) {
            if (object[0].equals("table")) {
                sql.append(object[2]).append(";\n");
            }
        }
        for (String[] object : objects) {
            if (object[0].equals("table")) {
                rows(connection, object[1], sql);
            }
        }
        for (String[] object : objects) {
            if (!object[0].equals("table")) {
                sql.append(object[2]).append(";\n");
            }
        }
        return sql.toString();
    }

    private static void rows(Connection connection, String table, StringBuilder sql) throws SQLException {
        List<String> columns = Jdbc.columns(connection, table);
        String quoted = String.join(", ", columns.stream().map(SqlIdentifiers::quoteAny).toList());
        try (PreparedStatement query = connection.prepareStatement("SELECT " + String.join(" || ', ' || ",
                columns.stream().map(c -> "quote(" + SqlIdentifiers.quoteAny(c) + ")").toList())
                + " FROM " + SqlIdentifiers.quoteAny(table) + " ORDER BY rowid");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                sql.append("INSERT INTO ").append(SqlIdentifiers.quoteAny(table)).append(" (").append(quoted)
                        .append(") VALUES (").append(rs.getString(1)).append(");\n");
            }
        }
    }

    /** Loads an archive into a new file (foreign keys off while loading, as the rows come table by table). */
    public static Path load(Path dump, Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String sql : SqlScript.statements(Files.readString(dump))) {
                if (!SqlScript.withoutComments(sql).isBlank()) {
                    statement.execute(sql);
                }
            }
            connection.commit();
        }
        return file;
    }

    /** Every archive in {@code releases/}, oldest first by name. */
    public static List<Path> all() throws Exception {
        try (var files = Files.list(Path.of("releases"))) {
            return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
    }
}
