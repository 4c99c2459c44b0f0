package io.posdb.migration.role;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import liquibase.exception.CustomPreconditionErrorException;
import liquibase.exception.CustomPreconditionFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precondition run before the role CHECK constraint: every role must be allowed. */
class AllRolesCanonicalTest {

    @TempDir
    Path dir;

    private RemapFixture db;

    @BeforeEach
    void legacyDatabase() throws Exception {
        db = RemapFixture.legacyDatabase(dir);
    }

    private static AllRolesCanonical precondition(String table) {
        AllRolesCanonical precondition = new AllRolesCanonical();
        precondition.setTableName(table);
        precondition.setIdColumn("id");
        precondition.setRoleColumn("role");
        precondition.setAllowedValues("admin,user");
        return precondition;
    }

    private void check(AllRolesCanonical precondition) throws Exception {
        try (Connection connection = LegacyDatabases.open(db.file)) {
            precondition.check(ChangelogSteps.wrap(connection));
        }
    }

    @Test
    void passesWhenEveryRoleIsExactlyAllowed() throws Exception {
        db.users("A", "admin", "B", "user");

        assertThatCode(() -> check(precondition("user"))).doesNotThrowAnyException();
    }

    @Test
    void passesOnAnEmptyTable() {
        assertThatCode(() -> check(precondition("user"))).doesNotThrowAnyException();
    }

    @Nested
    class FailurePaths {

        @Test
        void listsHowManyRowsFailAndTheirIds() throws Exception {
            db.users("A", "admin", "B", "user", "C", "admin", "D", "staff", "E", "user", "F", "user", "G", " user",
                    "H", "admin", "I", "Admin");

            assertThatThrownBy(() -> check(precondition("user")))
                    .isInstanceOf(CustomPreconditionFailedException.class)
                    .hasMessageStartingWith("3 row(s) of table user have a role other than 'admin'/'user'; ids: 4, 7, 9.");
        }

        @Test
        void countsNullRoles() throws Exception {
            db.sql("CREATE TABLE member (id INTEGER PRIMARY KEY, role TEXT)",
                    "INSERT INTO member VALUES (1, 'admin'), (2, NULL)");

            assertThatThrownBy(() -> check(precondition("member")))
                    .hasMessageStartingWith("1 row(s) of table member have a role other than 'admin'/'user'; ids: 2.");
        }

        @Test
        void listsAtMostTwentyIds() throws Exception {
            String[] users = new String[50];
            for (int i = 0; i < 25; i++) {
                users[2 * i] = "U" + i;
                users[2 * i + 1] = "staff";
            }
            db.users(users);

            assertThatThrownBy(() -> check(precondition("user"))).hasMessageStartingWith(
                    "25 row(s) of table user have a role other than 'admin'/'user'; ids: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "
                    + "11, 12, 13, 14, 15, 16, 17, 18, 19, 20, ...");
        }

        @Test
        void allowedValuesAreBoundNotSqlText() throws Exception {
            db.users("A", "admin");
            AllRolesCanonical precondition = precondition("user");
            precondition.setAllowedValues("user,x') OR 1=1 OR ('");

            assertThatThrownBy(() -> check(precondition))
                    .hasMessageStartingWith("1 row(s) of table user have a role other than 'user'/'x') OR 1=1 OR (''; ids: 1.");
        }

        @Test
        void refusesANameThatIsNotAPlainIdentifier() {
            assertThatThrownBy(() -> check(precondition("user\"; DROP TABLE sale;--")))
                    .isInstanceOf(CustomPreconditionErrorException.class)
                    .hasMessageContaining("'user\"; DROP TABLE sale;--' is not a plain SQL identifier")
                    .hasCauseInstanceOf(IllegalArgumentException.class);
        }
    }
}
