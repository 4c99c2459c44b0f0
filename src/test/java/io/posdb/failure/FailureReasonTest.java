package io.posdb.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.database.SqliteDatabase;
import io.posdb.testsupport.OperatorMessages;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.exception.DatabaseException;
import liquibase.exception.ValidationFailedException;
import liquibase.precondition.CustomPreconditionWrapper;
import liquibase.precondition.ErrorPrecondition;
import liquibase.precondition.Precondition;
import liquibase.precondition.core.SqlPrecondition;
import liquibase.precondition.core.TableExistsPrecondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors without a message still give a reason in words, on every path that builds a failure message. */
class FailureReasonTest {

    @TempDir
    Path dir;

    /**
     * Liquibase's validation failure, as it wraps the SQLite guard's refusals: the errors alone, on one line, each
     * without the {@code file::id::author} Liquibase adds (the refusals name changeset and file themselves).
     */
    @Test
    void liquibasesValidationFrameIsTakenOffItsErrorsOnOneLine() {
        ValidatingVisitor visitor = new ValidatingVisitor(List.of());
        for (String id : List.of("0100-a", "0101-b")) {
            ChangeSet changeSet = new ChangeSet(id, "dev", false, false, "changelog/changes/" + id + ".yaml", null,
                    null, new DatabaseChangeLog("changelog/changes/" + id + ".yaml"));
            visitor.getValidationErrors().addError("changeset " + id + " (changelog/changes/" + id + ".yaml): "
                    + "addColumn is refused on SQLite", changeSet);
        }

        String reason = FailureReason.of(new DatabaseException(new ValidationFailedException(visitor)));

        assertThat(reason).isEqualTo("changeset 0100-a (changelog/changes/0100-a.yaml): addColumn is refused on "
                + "SQLite; changeset 0101-b (changelog/changes/0101-b.yaml): addColumn is refused on SQLite");
    }

    /** An error that does not name its changeset (Liquibase's own, a custom change's) keeps it, said once, first. */
    @Test
    void aValidationErrorThatDoesNotNameItsChangesetKeepsItsIdAndFile() {
        ValidatingVisitor visitor = new ValidatingVisitor(List.of());
        ChangeSet changeSet = new ChangeSet("0100-a", "dev", false, false, "changelog/changes/0100-a.yaml", null,
                null, new DatabaseChangeLog("changelog/changes/0100-a.yaml"));
        visitor.getValidationErrors().addError("column 'payment_mehtod' is not a column of table sale", changeSet);

        String reason = FailureReason.of(new DatabaseException(new ValidationFailedException(visitor)));

        assertThat(reason).isEqualTo("changeset 0100-a (changelog/changes/0100-a.yaml): column 'payment_mehtod' is "
                + "not a column of table sale");
    }

    @Test
    void messageLessErrorIsNamedByItsKindInWords() {
        assertThat(FailureReason.of(new NoSuchElementException())).isEqualTo("unexpected no such element error");
        assertThat(FailureReason.of(new IOException())).isEqualTo("unexpected IO error");
        assertThat(FailureReason.of(new IllegalStateException("null"))).isEqualTo("unexpected illegal state error");
        assertThat(FailureReason.of(new SQLException("  "))).isEqualTo("unexpected SQL error");
    }

    @Test
    void wrapperCarryingOnlyItsCauseClassNameGivesTheCauseReason() {
        assertThat(FailureReason.of(new RuntimeException(new SQLException("disk I/O error")))).isEqualTo("disk I/O error");
        assertThat(FailureReason.of(new RuntimeException(new NoSuchElementException())))
                .isEqualTo("unexpected no such element error");
        assertThat(FailureReason.of(new IllegalStateException("the pool is closed", new IOException("gone"))))
                .isEqualTo("the pool is closed");
    }

    @Test
    void theClassNamesAWrapperPutsBeforeItsCausesReasonAreLeftOut() {
        // What Liquibase's update threw on a full disk, outside any changeset (its history insert).
        SQLException full = new SQLException("[SQLITE_FULL] Insertion failed because database is full");
        MigrationException wrapped = new MigrationException("liquibase.exception.LiquibaseException: "
                + "liquibase.exception.DatabaseException: org.sqlite.SQLiteException: " + full.getMessage(), full);

        assertThat(FailureReason.of(wrapped)).isEqualTo("[SQLITE_FULL] Insertion failed because database is full");
        OperatorMessages.assertSaysWhy(FailureReason.of(wrapped));
    }

    /**
     * Liquibase names a precondition it could not check by the object's default toString and the master
     * changelog; the reason names it as a changelog does ({@code sqlCheck}, {@code tableExists}).
     */
    @Test
    void aPreconditionLiquibaseCouldNotCheckIsNamedAsTheChangelogNamesIt() {
        DatabaseChangeLog master = new DatabaseChangeLog("changelog/db.changelog-master.yaml");
        SQLException missing = new SQLException("[SQLITE_ERROR] SQL error or missing database (no such table: user)");
        for (Map.Entry<Precondition, String> precondition : Map.<Precondition, String>of(new SqlPrecondition(),
                "sqlCheck", new TableExistsPrecondition(), "tableExists", new CustomPreconditionWrapper(),
                "customPrecondition").entrySet()) {
            String liquibaseText = new ErrorPrecondition(new DatabaseException(missing), master, precondition.getKey())
                    .toString();
            assertThat(liquibaseText).as("what Liquibase 4.33 writes").contains("Precondition", "@", "master");

            assertThat(FailureReason.of(new MigrationException("Migration failed: " + liquibaseText, missing)))
                    .isEqualTo("Migration failed: precondition " + precondition.getValue() + " could not be checked: "
                            + missing.getMessage());
        }
    }

    @Test
    void fileErrorSaysWhatHappenedToTheFileItNames() {
        Path missing = dir.resolve("missing.db");
        assertThatThrownBy(() -> Files.readAllBytes(missing))
                .satisfies(e -> assertThat(FailureReason.of(e)).isEqualTo(missing + " (no such file)"));
    }

    @Test
    void fileErrorWithoutAReasonGivesItsKindInWordsNotAsAnError() {
        assertThat(FailureReason.of(new NoSuchFileException("/proc/424242/stat")))
                .isEqualTo("/proc/424242/stat (no such file)");
        assertThat(FailureReason.of(new AccessDeniedException("/proc/1/environ"))).isEqualTo("/proc/1/environ (access denied)");
        assertThat(FailureReason.of(new FileSystemException("/data/pos.db"))).isEqualTo("/data/pos.db (file system error)");
        assertThat(FailureReason.of(new NoSuchFileException("/data/pos.db", null, "gone"))).isEqualTo("/data/pos.db: gone");
    }

    @Test
    void databaseFailureOfAMessageLessErrorNamesTheDatabaseAndTheKind() {
        SqliteDatabase database = SqliteDatabase.at(dir.resolve("pos.db"));

        PosDatabaseException failure = DatabaseFailures.of(database, new IllegalStateException(new NoSuchElementException()));

        assertThat(failure.getMessage()).isEqualTo("Failed on database " + database.description()
                + ": unexpected no such element error");
        OperatorMessages.assertSaysWhy(failure.getMessage());
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class);
    }
}
