package io.posdb.lint;

import java.util.ArrayList;
import java.util.List;

/** One change of a changeset ({@code - sql: ...}, {@code - dropTable: ...}): its type, body and line. */
record LintChange(String type, YamlNode body, int line) {

    static List<LintChange> of(YamlNode list) {
        List<LintChange> changes = new ArrayList<>();
        for (YamlNode item : list.items()) {
            for (String type : item.keys()) {
                changes.add(new LintChange(type, item.get(type), item.line()));
            }
        }
        return changes;
    }

    /** The SQL text of a {@code sql} change, or "" for any other type. */
    String sql() {
        if (!type.equals("sql")) {
            return "";
        }
        String sql = body.text("sql");
        return sql != null ? sql : body.text() != null ? body.text() : "";
    }

    /** A customChange's class name, or "". */
    String customClass() {
        String name = type.equals("customChange") ? body.text("class") : null;
        return name == null ? "" : name;
    }

    boolean isRebuild() {
        return customClass().endsWith(".SqliteTableRebuild");
    }

    /** The names of a {@code columns:} list (createTable, addColumn, dropColumn), lower case. */
    List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (YamlNode item : body.get("columns").items()) {
            String name = item.get("column").text("name");
            if (name != null) {
                names.add(name.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    /** The line of the {@code columns:} item naming {@code column}, or the change's own line. */
    int columnLine(String column) {
        for (YamlNode item : body.get("columns").items()) {
            if (column.equalsIgnoreCase(item.get("column").text("name"))) {
                return item.line();
            }
        }
        return line;
    }

    String tableName() {
        return body.text("tableName");
    }
}
