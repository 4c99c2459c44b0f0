package io.posdb.drift;

import io.posdb.changelog.AppliedRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The boot check's cheap digests, one query each: the schema as SQLite stores it
 * (sqlite_master, every object's CREATE text; all pragmas derive from it) and the applied
 * changesets with their checksums (DATABASECHANGELOG). Equal to what the build recorded
 * means the schema is exactly what the packaged changelog produces.
 */
final class SqliteMasterDigest {

    private SqliteMasterDigest() {
    }

    static String schema(Connection connection) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT type, name, tbl_name, sql FROM "
                + "sqlite_master WHERE name NOT LIKE 'sqlite_%' AND upper(tbl_name) NOT LIKE 'DATABASECHANGELOG%' "
                + "ORDER BY type, name");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                lines.add(rs.getString(1) + "\t" + rs.getString(2) + "\t" + rs.getString(3) + "\t" + rs.getString(4));
            }
        }
        return sha256(lines);
    }

    /** Order-independent: the same set of changesets and checksums gives the same digest. */
    static String applied(List<AppliedRow> rows) {
        return sha256(rows.stream().map(r -> r.id() + "\t" + r.author() + "\t" + r.file() + "\t" + r.checksum())
                .sorted(Comparator.naturalOrder()).toList());
    }

    static String sha256(List<String> lines) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            lines.forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
