package io.posdb.migration.sqlite.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.SqliteHazards;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.changelog.visitor.ValidatingVisitorGeneratorFactory;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 20 §3: the guard Liquibase validates with refuses exactly the list's change types, so the
 * guard and lint (which reads the list) cannot drift apart again.
 */
class SqliteHazardListTest {

    private static final String FILE = "changes/9999-hazard.yaml";

    @Test
    void liquibaseValidatesThroughTheGuard() {
        assertThat(Scope.getCurrentScope().getSingleton(ValidatingVisitorGeneratorFactory.class)
                .getValidatingVisitorGenerator()).isInstanceOf(SqliteHazardGuard.class);
    }

    /** The guard's validation errors for one changeset holding one change of {@code type} (or in its rollback). */
    private static List<String> validate(String type, Database database, boolean inRollback) throws Exception {
        DatabaseChangeLog changeLog = new DatabaseChangeLog(FILE);
        ChangeSet changeSet = new ChangeSet("hazard-" + type, "posdb", false, false, FILE, null, null, changeLog);
        Change change = Scope.getCurrentScope().getSingleton(ChangeFactory.class).create(type);
        if (inRollback) {
            changeSet.addRollbackChange(change);
        } else {
            changeSet.addChange(change);
        }
        ValidatingVisitor visitor = new SqliteHazardGuard().generateValidatingVisitor(List.of());
        visitor.visit(changeSet, changeLog, database, Set.of());
        return visitor.getValidationErrors().getErrorMessages();
    }

    @ParameterizedTest(name = "journal_mode={0}")
    @EnumSource(JournalMode.class)
    void onSqliteEveryListedTypeAndNoOtherIsRefusedInTheListsWords(JournalMode mode, @TempDir Path dir) throws Exception {
        Path shop = WalFiles.shop(dir.resolve("shop.db"), mode);
        Set<String> refused = new TreeSet<>();
        Set<String> refusedInRollback = new TreeSet<>();
        try (Connection connection = LegacyDatabases.open(shop)) {
            Database database = ChangelogSteps.wrap(connection);
            for (String type : Scope.getCurrentScope().getSingleton(ChangeFactory.class).getDefinedChanges()) {
                for (boolean inRollback : new boolean[] {false, true}) {
                    List<String> errors = validate(type, database, inRollback);
                    if (errors.stream().anyMatch(e -> e.contains("refused on SQLite"))) {
                        (inRollback ? refusedInRollback : refused).add(type);
                        assertThat(errors).as(type).contains("changeset hazard-" + type + " (" + FILE + ")"
                                + (inRollback ? ", in its rollback" : "") + ": "
                                + SqliteHazard.of(type).orElseThrow().refusal() + ", " + FILE + "::hazard-" + type + "::posdb");
                    }
                }
            }
        }
        assertThat(refused).isEqualTo(SqliteHazards.changeTypes());
        assertThat(refusedInRollback).isEqualTo(SqliteHazards.changeTypes());
    }

    @Test
    void onOtherDatabasesNoListedTypeIsRefused() throws Exception {
        for (String type : SqliteHazards.changeTypes()) {
            assertThat(validate(type, new PostgresDatabase(), false)).as(type)
                    .noneMatch(message -> message.contains("refused on SQLite"));
            assertThat(validate(type, new PostgresDatabase(), true)).as(type)
                    .noneMatch(message -> message.contains("refused on SQLite"));
        }
    }

    @Test
    void noChangeTypeIsBothAHazardAndSafe() {
        assertThat(SqliteHazards.changeTypes()).doesNotContainAnyElementsOf(SqliteHazards.SAFE_ON_SQLITE);
    }
}
