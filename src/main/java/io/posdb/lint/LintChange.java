package io.posdb.lint;

import io.posdb.changelog.DataChanges;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** One change of a changeset ({@code - sql: ...}, {@code - dropTable: ...}): its type, body and line. */
record LintChange(String type, YamlNode body, int line) {

    static List<LintChange> of(YamlNode list) {
        return list.items().stream()
                .flatMap(item -> item.keys().stream().map(type -> new LintChange(type, item.get(type), item.line())))
                .toList();
    }

    /** The SQL text of a {@code sql} change, or "" for any other type. */
    String sql() {
        if (!type.equals("sql")) {
            return "";
        }
        String sql = body.text("sql");
        return sql != null ? sql : body.text() != null ? body.text() : "";
    }

    /** Whether Liquibase splits the change's SQL into statements: unless {@code splitStatements: false}. */
    boolean splitsStatements() {
        return !"false".equalsIgnoreCase(body.text("splitStatements"));
    }

    /** A customChange's class name, or "". */
    String customClass() {
        String name = type.equals("customChange") ? body.text("class") : null;
        return name == null ? "" : name;
    }

    boolean isRebuild() {
        return customClass().endsWith(".SqliteTableRebuild");
    }

    /**
     * Whether the change needs autocommit on SQLite ({@code runInTransaction: false}): a table rebuild, or the archive
     * of a removed entity's table ({@code ArchiveTable}), which switch foreign keys off, a no-op inside a transaction.
     */
    boolean needsNoTransaction() {
        return DataChanges.movesTables(customClass());
    }

    /** The names of a {@code columns:} list (createTable, addColumn, dropColumn), lower case. */
    List<String> columnNames() {
        return body.get("columns").items().stream().map(item -> item.get("column").text("name"))
                .filter(Objects::nonNull).map(name -> name.toLowerCase(Locale.ROOT)).toList();
    }

    /** The line of the {@code columns:} item naming {@code column}, or the change's own line. */
    int columnLine(String column) {
        return body.get("columns").items().stream()
                .filter(item -> column.equalsIgnoreCase(item.get("column").text("name")))
                .findFirst().map(YamlNode::line).orElse(line);
    }

    String tableName() {
        return body.text("tableName");
    }
}
