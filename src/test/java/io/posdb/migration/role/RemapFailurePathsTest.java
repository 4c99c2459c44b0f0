package io.posdb.migration.role;

import static io.posdb.migration.role.RemapFixture.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.exception.CustomChangeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each way the remap refuses to run or fails, and what the message says. */
class RemapFailurePathsTest {

    @TempDir
    Path dir;

    private RemapFixture db;

    @BeforeEach
    void legacyDatabaseWithAuditTable() throws Exception {
        db = RemapFixture.legacyDatabase(dir);
    }

    @Nested
    class FailurePaths {

        @Test
        void rejectsIdentifiersThatAreNotPlain() throws Exception {
            RemapLegacyUserRoles change = change();
            change.setTableName("user\"; DROP TABLE sale;--");
            change.setRoleColumn("role; DROP TABLE sale");

            assertThat(db.validationErrors(change)).contains(
                    "tableName 'user\"; DROP TABLE sale;--' is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)",
                    "roleColumn 'role; DROP TABLE sale' is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }

        @Test
        void rejectsColumnsTheTableDoesNotHave() throws Exception {
            RemapLegacyUserRoles change = change();
            change.setRoleColumn("rol");
            change.setLabelColumn("nickname");

            assertThat(db.validationErrors(change)).containsExactlyInAnyOrder(
                    "roleColumn 'rol' is not a column of table user",
                    "labelColumn 'nickname' is not a column of table user");
        }

        @Test
        void refusesToExecuteOnATableThatDoesNotExist() {
            // validate() lets a missing table pass (Liquibase validates before earlier changesets
            // create it); execute() must not.
            RemapLegacyUserRoles change = change();
            change.setTableName("users");

            assertThatThrownBy(() -> db.remap(change)).isInstanceOf(CustomChangeException.class)
                    .hasMessageContaining("tableName 'users' is not a table of this database");
        }

        @Test
        void rejectsAChangeSetIdParameterThatIsNotTheChangeSetRunningIt() throws Exception {
            // As Liquibase validates changeset 0008 renumbered: its scope names the changeset it visits.
            ChangeSet renumbered = new ChangeSet("0012-remap-user-roles", "posdb", false, false,
                    "changelog/changes/0012-remap-user-roles.yaml", null, null, null);

            List<String> errors = validatedAs(renumbered);

            assertThat(errors).singleElement().asString().contains(RemapLegacyUserRoles.class.getName(),
                    "changeset id '0008-remap-user-roles' (its parameter changeSetId)", "but changeset "
                            + "0012-remap-user-roles (changelog/changes/0012-remap-user-roles.yaml) runs it",
                    "make the id 0012-remap-user-roles");
        }

        @Test
        void acceptsTheChangeSetIdOfTheChangeSetRunningIt() throws Exception {
            ChangeSet released = new ChangeSet("0008-remap-user-roles", "posdb", false, false,
                    "changelog/changes/0008-remap-user-roles.yaml", null, null, null);

            assertThat(validatedAs(released)).isEmpty();
        }

        /** The remap's validation errors as Liquibase validates it within {@code changeSet}. */
        private List<String> validatedAs(ChangeSet changeSet) throws Exception {
            Scope.ScopedRunnerWithReturn<List<String>> validation = () -> db.validationErrors(change());
            return Scope.child(Map.of(Scope.Attr.changeSet.name(), changeSet), validation);
        }

        @ParameterizedTest(name = "mapping ''{0}''")
        @CsvSource(delimiter = '|', value = {
            "primary|mapping entry 'primary' is not of the form old=new",
            "primary=admin,primary=user|mapping maps 'primary' twice",
            "=admin,staff=user|mapping entry '=admin' is not of the form old=new",
            "primary=,staff=user|mapping entry 'primary=' is not of the form old=new",
            "primary=admin,staff=user,admin=user|mapping maps the canonical role 'admin' to 'user'",
            "''|mapping must be set"})
        void rejectsAMalformedMapping(String mapping, String message) throws Exception {
            RemapLegacyUserRoles change = change();
            change.setMapping(mapping);

            assertThat(db.validationErrors(change)).anySatisfy(m -> assertThat(m).contains(message));
        }

        @Test
        void rejectsAFallbackThatIsNotACanonicalRole() throws Exception {
            RemapLegacyUserRoles change = change();
            change.setFallback("root");

            assertThat(db.validationErrors(change))
                    .containsExactly("fallback 'root' must be one of the mapping's roles [admin, user]");
        }

        @Test
        void rejectsLimitsThatAreNotNumbers() throws Exception {
            RemapLegacyUserRoles change = change();
            change.setLogDetailLimit("lots");

            assertThat(db.validationErrors(change)).containsExactly("logDetailLimit must be a number, got 'lots'");
        }

        @Test
        void aDatabaseErrorMidRemapLeavesTheTableUnchangedAndNamesTheUser() throws Exception {
            db.users("A", "staff", "B", "primary", "C", "staff", "D", "staff");
            db.sql("CREATE TRIGGER fail_on_c BEFORE UPDATE OF role ON \"user\" WHEN OLD.id = 3 "
                    + "BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
            Map<String, String> before = db.rolesByName();

            assertThatThrownBy(() -> db.remap(change()))
                    .isInstanceOf(CustomChangeException.class)
                    .hasMessageContaining("remapping user 3 of table user failed")
                    .hasMessageContaining("disk says no")
                    .hasCauseInstanceOf(java.sql.SQLException.class);

            assertThat(db.rolesByName()).isEqualTo(before);
            assertThat(db.audit()).isEmpty();
        }
    }
}
