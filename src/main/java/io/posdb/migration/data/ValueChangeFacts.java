package io.posdb.migration.data;

import java.sql.SQLException;
import java.util.Objects;
import liquibase.exception.CustomChangeException;

/**
 * What one value migration is about, declared by the migration: which table, key column
 * and column, how values map, the fallback for values that cannot be mapped (none: they
 * stay unchanged and count as errors), the note written for a fallback, and the words its
 * log lines use. Everything else is {@link AuditedValueChange}'s.
 */
public final class ValueChangeFacts {

    String task;
    String changeSetId;
    String table;
    String keyColumn = "id";
    String column;
    String labelColumn;
    ValueMapping mapping;
    String fallback;
    String fallbackNote = "unknown value '{old}' set to {new}";
    String summary;
    String rowNoun = "row";
    String verb = "migrating";
    String fallbackVerb = "were set to";
    int logDetailLimit = 1000;
    int reportDetailLimit = 1000;
    int progressIntervalSeconds = 2;
    boolean mapBackOnRollback;

    /** {@code task} names the change in messages, with its release: "Normalise payment methods (2.1.0)". */
    public ValueChangeFacts(String task, String changeSetId) {
        this.task = Objects.requireNonNull(task, "task");
        this.changeSetId = changeSetId;
    }

    public ValueChangeFacts table(String tableName, String keyColumnName, String columnName) {
        table = tableName;
        keyColumn = keyColumnName;
        column = columnName;
        return this;
    }

    /** The column that names a row in log lines and stats (the key column when not set). */
    public ValueChangeFacts label(String columnName) {
        labelColumn = columnName;
        return this;
    }

    public ValueChangeFacts mapping(ValueMapping valueMapping) {
        mapping = valueMapping;
        return this;
    }

    /** {@code note} may say {old} and {new}: "unknown role '{old}' demoted to {new}". */
    public ValueChangeFacts fallback(String value, String note) {
        fallback = value;
        fallbackNote = note;
        return this;
    }

    /** The words of the log lines: "Role migration", "user", "remapping". */
    public ValueChangeFacts wording(String summaryWords, String rowWord, String verbWord) {
        summary = summaryWords;
        rowNoun = rowWord;
        verb = verbWord;
        return this;
    }

    /** How the fallback summary line says what happened: "were demoted to". */
    public ValueChangeFacts fallbackVerb(String words) {
        fallbackVerb = words;
        return this;
    }

    /**
     * On rollback, rows the audit does not restore (written or kept after the change) get the
     * inverse of the pairs too, audited, so the release before reads every value. Pairs only.
     */
    public ValueChangeFacts mapBackOnRollback() {
        mapBackOnRollback = true;
        return this;
    }

    public ValueChangeFacts limits(int logDetail, int reportDetail, int progressSeconds) {
        logDetailLimit = logDetail;
        reportDetailLimit = reportDetail;
        progressIntervalSeconds = progressSeconds;
        return this;
    }

    public String task() { return task; }
    public String changeSetId() { return changeSetId; }
    public String table() { return table; }
    public String keyColumn() { return keyColumn; }
    public String column() { return column; }
    public String labelColumn() { return labelColumn == null ? keyColumn : labelColumn; }
    public ValueMapping mapping() { return mapping; }
    public String fallback() { return fallback; }
    public String summary() { return summary == null ? "Data migration of " + table + "." + column : summary; }
    public String rowNoun() { return rowNoun; }
    public String verb() { return verb; }
    public String fallbackVerb() { return fallbackVerb; }
    public int logDetailLimit() { return logDetailLimit; }
    public int reportDetailLimit() { return reportDetailLimit; }
    public int progressIntervalSeconds() { return progressIntervalSeconds; }
    public boolean mapsBackOnRollback() { return mapBackOnRollback && mapping != null && mapping.setBased(); }

    /** A failed change of the row {@code key} (or range of keys): the message names it, and the whole change rolls back. */
    CustomChangeException rowFailed(String key, SQLException failure) {
        return new CustomChangeException(task + ": " + verb + " " + key + " of table " + table + " failed: "
                + failure.getMessage() + "; the whole change is rolled back", failure);
    }

    /** The fallback note's text before and after the old value (the SQL path concatenates them). */
    String[] fallbackNoteAround() {
        String note = fallbackNote.replace("{new}", String.valueOf(fallback));
        if (!note.contains("{old}")) {
            note = note + " (was '{old}')";
        }
        int at = note.indexOf("{old}");
        return new String[] {note.substring(0, at), note.substring(at + "{old}".length())};
    }
}
