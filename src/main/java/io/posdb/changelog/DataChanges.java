package io.posdb.changelog;

import io.posdb.sql.SqlScript;
import java.util.Locale;
import java.util.Set;
import liquibase.change.Change;
import liquibase.change.core.RawSQLChange;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.changelog.ChangeSet;

/**
 * Whether a changeset changes data as well as (or instead of) the schema: what the catalog
 * cannot judge, so its compatibility with older releases must be declared (issue 21 §1). Read
 * from the changeset's changes, so that a till applying it and lint judging it ahead of time
 * (where no seeded row may match its WHERE) agree.
 */
public final class DataChanges {

    /** Liquibase's change types that write rows. */
    private static final Set<String> WRITING_ROWS = Set.of("insert", "update", "delete", "loadData",
            "loadUpdateData", "sqlFile");
    /** posdb's own custom changes that only reshape a table (the rows are copied as they are). */
    private static final Set<String> SCHEMA_ONLY = Set.of("io.posdb.migration.sqlite.SqliteTableRebuild");
    private static final Set<String> WRITING_STATEMENTS = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE");

    private DataChanges() {
    }

    public static boolean changesData(ChangeSet changeSet) {
        for (Change change : changeSet.getChanges()) {
            String type = change.getSerializedObjectName();
            if (WRITING_ROWS.contains(type)) {
                return true;
            }
            if (change instanceof CustomChangeWrapper custom && !SCHEMA_ONLY.contains(custom.getClassName())) {
                return true;
            }
            if (change instanceof RawSQLChange sql && sql.getSql() != null) {
                boolean split = sql.isSplitStatements() == null || sql.isSplitStatements();
                for (String statement : SqlScript.statements(sql.getSql(), split, sql.getEndDelimiter())) {
                    String first = SqlScript.withoutComments(statement).strip().split("\\s+", 2)[0];
                    if (WRITING_STATEMENTS.contains(first.toUpperCase(Locale.ROOT))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
