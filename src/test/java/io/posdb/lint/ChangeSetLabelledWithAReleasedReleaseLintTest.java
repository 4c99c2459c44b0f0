package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ReleaseLabels;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new changeset labelled with a release released.sum already records as released is one that release's jar never
 * had: lint errors on its labels line, naming the changeset and the release, and says to label it with the next
 * release. The releases are read from the project's released.sum (copied as it is), so the next release's recording
 * keeps this true.
 */
class ChangeSetLabelledWithAReleasedReleaseLintTest {

    @TempDir
    Path dir;

    /**
     * The project's changelog, its released.sum as it is, and a changeset the scratch applies and rolls back cleanly,
     * labelled {@code label}: its label is on line 6.
     */
    private Path changelogWithNewChangeSetLabelled(String label) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(label));
        Path master = Changelogs.withExtraChangeSet(folder, BadChangelog.FILE_NAME, BadChangelog.file(BadChangelog.ID,
                label, "        - sql: { sql: CREATE INDEX IF NOT EXISTS ix_sale_total ON sale (total) }",
                "      rollback:\n        - sql: { sql: DROP INDEX IF EXISTS ix_sale_total }\n"));
        Files.copy(projectReleasedSum(), folder.resolve(ReleasedSum.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        return master;
    }

    /** The project's released.sum, copied once. */
    private Path projectReleasedSum() throws Exception {
        Path copied = dir.resolve("project").resolve(ReleasedSum.FILE_NAME);
        return Files.exists(copied) ? copied : Changelogs.copyOfProjectChangelog(
                Files.createDirectories(dir.resolve("project"))).resolveSibling(ReleasedSum.FILE_NAME);
    }

    /** The newest release the project's released.sum records, as its label. */
    private String newestReleased() throws Exception {
        return ReleaseLabels.newest(ReleasedSum.read(projectReleasedSum()).stream().map(ReleasedSum.Entry::release)
                .toList()).orElseThrow();
    }

    @Test
    void aNewChangeSetLabelledWithAReleasedReleaseIsAnErrorOnItsLabelsSayingToLabelItWithTheNextRelease()
            throws Exception {
        String released = newestReleased();
        Path master = changelogWithNewChangeSetLabelled(released);

        // Built as the released release, so that no other label rule speaks.
        LintReport report = new ChangelogLinter(ReleaseLabels.releaseOfLabel(released)).lint(master);

        assertThat(report.findings().stream().filter(f -> f.rule() == Rule.LABEL_OF_A_RELEASED_RELEASE)
                .map(Finding::format)).containsExactly(BadChangelog.FILE + ":6: LABEL_OF_A_RELEASED_RELEASE error: "
                + "changeset " + BadChangelog.ID + " is labelled " + released + ", a release changelog/released.sum "
                + "records as released, but is not one of its changesets: release "
                + ReleaseLabels.releaseOfLabel(released) + " shipped without it; label it "
                + ReleaseLabels.next(released) + ", the next release (fix: "
                + Rule.LABEL_OF_A_RELEASED_RELEASE.fix() + ")");
    }

    @Test
    void aNewChangeSetLabelledWithTheNextReleaseIsNoReleasedReleasesChangeSet() throws Exception {
        String next = ReleaseLabels.next(newestReleased());
        Path master = changelogWithNewChangeSetLabelled(next);

        LintReport report = new ChangelogLinter(ReleaseLabels.releaseOfLabel(next)).lint(master);

        assertThat(report.errors().stream().map(Finding::format)).isEmpty();
    }
}
