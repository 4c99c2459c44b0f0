package io.posdb.changegen;

import static io.posdb.sql.SqlIdentifiers.quoteAny;

import io.posdb.schema.SchemaCatalog.Index;
import io.posdb.schema.SchemaCatalog.Column;
import io.posdb.sql.SqlIdentifiers;

import java.util.Locale;

/** Column DDL and index statements, shared by the SQLite and PostgreSQL changesets. */
final class ColumnSql {

    private ColumnSql() {
    }

    /** {@code "c" TYPE [NOT NULL] [DEFAULT d] [CHECK (...)]} in the entities' words. */
    static String definition(Column column) {
        StringBuilder sql = new StringBuilder(quoteAny(column.name()) + " " + column.type().toUpperCase(Locale.ROOT));
        if (column.notNull()) {
            sql.append(" NOT NULL");
        }
        if (column.defaultValue() != null) {
            sql.append(" DEFAULT ").append(column.defaultValue());
        }
        if (column.check() != null) {
            sql.append(" CHECK (").append(column.check()).append(")");
        }
        return sql.toString();
    }

    static String indexName(String table, Index index) {
        return (index.unique() ? "ux_" : "ix_") + table + "_" + String.join("_", index.columns());
    }

    static String createIndex(String table, Index index) {
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + quoteAny(indexName(table, index))
                + " ON " + quoteAny(table) + " ("
                + String.join(", ", index.columns().stream().map(SqlIdentifiers::quoteAny).toList()) + ")";
    }

    static String dropIndex(String table, Index index) {
        return "DROP INDEX IF EXISTS " + quoteAny(indexName(table, index));
    }
}
