package io.posdb.testsupport;

import io.posdb.migration.sqlite.guard.SqliteHazard;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the tests ask of the one list of SQLite hazards: its change types, and every other change type of
 * Liquibase 4.33 named safe, so that a type a Liquibase upgrade adds is noticed (the tests enumerate
 * Liquibase's ChangeFactory) instead of passing silently.
 */
public final class SqliteHazards {

    /** Every other change type Liquibase 4.33 defines: SQLite does them in place, or they touch no table. */
    public static final Set<String> SAFE_ON_SQLITE = Set.of("createTable", "createIndex", "createView", "customChange",
            "delete", "dropIndex", "dropTable", "dropView", "empty", "executeCommand", "insert", "loadData",
            "loadUpdateData", "output", "renameColumn", "renameTable", "renameView", "sql", "sqlFile", "stop",
            "tagDatabase", "update");

    private SqliteHazards() {
    }

    /** The change types the list refuses whole, sorted (not the kinds of sql change it refuses). */
    public static Set<String> changeTypes() {
        return Arrays.stream(SqliteHazard.values()).filter(SqliteHazard::refusesTheWholeType).map(SqliteHazard::changeType)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether the list decides about the change type (a hazard, or known to be safe). */
    public static boolean classifies(String changeType) {
        return SqliteHazard.of(changeType).isPresent() || SAFE_ON_SQLITE.contains(changeType);
    }
}
