package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changeset repeating an earlier one's file, id and author is what Liquibase refuses as "duplicate identifiers"
 * (and posdb as a malformed changelog, exit 9): lint errors at the repeat's line instead of passing it. Changesets
 * of different engines may share an identifier: Liquibase runs one of them only.
 */
class DuplicateChangesetLintTest {

    @TempDir
    Path dir;

    /** A changeset with the bad file's id, optionally limited by {@code dbms}, creating one index. */
    private static String changeSet(String dbms, String index, String column) {
        return "  - changeSet:\n"
                + "      id: " + BadChangelog.ID + "\n"
                + "      author: posdb\n"
                + "      labels: " + Release.label() + "\n"
                + (dbms == null ? "" : "      dbms: " + dbms + "\n")
                + "      changes:\n"
                + "        - sql: { sql: CREATE INDEX IF NOT EXISTS " + index + " ON sale (" + column + ") }\n"
                + "      rollback:\n"
                + "        - sql: { sql: DROP INDEX IF EXISTS " + index + " }\n";
    }

    /** The project's changelog with the bad file holding {@code changeSets}, its logicalFilePath first. */
    private Path changelog(String name, String... changeSets) throws Exception {
        return Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve(name)), BadChangelog.FILE_NAME,
                "databaseChangeLog:\n  - logicalFilePath: " + BadChangelog.FILE + "\n" + String.join("", changeSets));
    }

    @Test
    void aChangesetDeclaredTwiceIsAnErrorAtTheSecondsIdLine() throws Exception {
        String first = changeSet(null, "ix_sale_created", "created_at");
        Path master = changelog("twice", first, changeSet(null, "ix_sale_total", "total"));
        int secondId = 3 + (int) first.lines().count() + 1; // after the header's two lines and the first changeset

        assertThat(BadChangelog.findings(master, Rule.DUPLICATE_CHANGESET)).containsExactly(BadChangelog.line(secondId,
                Rule.DUPLICATE_CHANGESET, "changeset " + BadChangelog.FILE + "::" + BadChangelog.ID + "::posdb is "
                        + "declared again (first at " + BadChangelog.FILE + ":3): Liquibase refuses the changelog, and "
                        + "every posdb command with it"));
    }

    @Test
    void oneIdentifierForEachEngineIsNoDuplicate() throws Exception {
        Path master = changelog("per-engine", changeSet("sqlite", "ix_sale_total", "total"),
                changeSet("postgresql", "ix_sale_total", "total"));

        assertThat(BadChangelog.findings(master, Rule.DUPLICATE_CHANGESET)).isEmpty();
    }
}
