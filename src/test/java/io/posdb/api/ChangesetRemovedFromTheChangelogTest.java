package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.changelog.Release;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.stream.StreamSupport;
import liquibase.Liquibase;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A developer's database: a changeset of this release applied by Liquibase directly (Maven's
 * {@code liquibase:update}, which keeps no posdb record), then removed from the changelog. posdb still refuses it
 * (exit 4, as a newer release's), but says what it is: not a newer release's, a changeset this changelog lost, who
 * applied it, and the ways out; the downgrade says why it has no record of how to undo it.
 */
@ExtendWith(QuietLogs.class)
class ChangesetRemovedFromTheChangelogTest {

    @TempDir
    Path dir;

    /** The removed changeset: this release's label, a column no release adds. */
    private String changeSetId() {
        return Changelogs.nextNumber() + "-add-sale-test-note";
    }

    private String changeSet() {
        return """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/%s.yaml
                  - changeSet:
                      id: %s
                      author: newdev
                      labels: %s
                      changes:
                        - sql:
                            sql: ALTER TABLE sale ADD COLUMN test_note VARCHAR(40)
                """.formatted(changeSetId(), changeSetId(), Release.label());
    }

    /** Liquibase's own update, as Maven's liquibase:update runs it: the project's changelog and the extra changeset. */
    private void updateByLiquibaseDirectly(Path file) throws Exception {
        Path folder = dir.resolve("checkout");
        Changelogs.withExtraChangeSet(Files.createDirectories(folder), changeSetId() + ".yaml", changeSet());
        ChangelogSteps.quietly(() -> {
            try (Connection connection = LegacyDatabases.open(file)) {
                new Liquibase("db.changelog-master.yaml", new DirectoryResourceAccessor(folder),
                        ChangelogSteps.wrap(connection)).update("");
            }
        });
    }

    @Test
    void statusOnADatabasePosdbBootedWhoseChangesetMavenAppliedIsGoneSaysTheChangelogLostItAndLiquibaseAppliedIt()
            throws Exception {
        Path file = dir.resolve("pos.db");
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).build());
        updateByLiquibaseDirectly(file);

        PosdbProcess.Result status = PosdbInProcess.run("status", "--db", file.toString());

        assertThat(status.exitCode()).as(status.stderr()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(status.stderr()).contains(changeSetId(), "of this release (posdb " + Release.current() + ", "
                        + Release.label() + ") or an older one that this changelog does not have",
                "applied by Liquibase directly, by Maven's liquibase:update or bin/liquibase, which keep no posdb "
                        + "record", "removed from the changelog or renamed after they were applied",
                "Put them back in the changelog", "mvn compile liquibase:rollback", "--allow-newer-database")
                .doesNotContain("upgraded by a newer release", "written before posdb recorded it",
                        "or by a posdb older");
        assertThat(status.stderr().strip().lines()).as("one line").hasSize(1);
    }

    @Test
    void statusOnADatabaseOnlyLiquibaseUpdatedCannotTellLiquibaseFromAnOlderPosdbAndSaysBoth() throws Exception {
        Path file = dir.resolve("pos.db");
        updateByLiquibaseDirectly(file);

        PosdbProcess.Result status = PosdbInProcess.run("status", "--db", file.toString());

        assertThat(status.exitCode()).as(status.stderr()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(status.stderr()).contains(changeSetId(), "removed from the changelog or renamed",
                "by Maven's liquibase:update or bin/liquibase, or by a posdb older than these records")
                .doesNotContain("upgraded by a newer release");
    }

    /**
     * A changeset posdb applied (so recorded, here compatible) and the changelog then lost: this release runs on the
     * database (exit 0), and status says the changelog lost it, as its warning does, not that a newer release
     * applied it.
     */
    @Test
    void statusOnACompatibleChangesetTheChangelogLostSaysSoNotANewerRelease() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        String index = """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/%s.yaml
                  - changeSet:
                      id: %s
                      author: newdev
                      labels: %s
                      changes:
                        - sql:
                            sql: CREATE INDEX idx_sale_test ON sale (id)
                      rollback:
                        - sql:
                            sql: DROP INDEX idx_sale_test
                """.formatted(changeSetId(), changeSetId(), Release.label());
        Path withIt = Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("with")), changeSetId() + ".yaml",
                index);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(io.posdb.changelog.ChangelogSource.file(withIt))
                .build());
        Path without = Changelogs.copyOfProjectChangelog(Files.createDirectories(dir.resolve("without")));

        PosdbProcess.Result status = PosdbInProcess.run("status", "--db", file.toString(), "--changelog",
                without.toString());

        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).contains(changeSetId(), "removed from the changelog")
                .doesNotContain("from a newer release");
    }

    @Test
    void theDoctorAdvisesPuttingTheChangesetBackNotInstallingANewerRelease() throws Exception {
        Path file = dir.resolve("pos.db");
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).build());
        updateByLiquibaseDirectly(file);

        PosdbProcess.Result doctor = PosdbInProcess.run("doctor", "--db", file.toString(), "--json");

        assertThat(doctor.exitCode()).as(doctor.stdout()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        JsonNode history = StreamSupport.stream(new ObjectMapper().readTree(doctor.stdout()).get("checks").spliterator(),
                false).filter(check -> check.get("name").asText().equals("history")).findFirst().orElseThrow();
        assertThat(history.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(history.get("next").asText()).startsWith("put the changeset(s) back in the changelog")
                .contains("--allow-newer-database").doesNotContain("install the release");
    }

    @Test
    void downgradeOfAChangesetMavenAppliedSaysLiquibaseAppliedItNotAnOlderPosdb() throws Exception {
        Path file = dir.resolve("pos.db");
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).build());
        updateByLiquibaseDirectly(file);

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(downgrade.stderr()).contains("changeset " + changeSetId(), "has no record of how to undo it "
                + "(applied by Liquibase directly, by Maven's liquibase:update or bin/liquibase, which keep no posdb "
                + "record)", "nothing was changed").doesNotContain("applied before posdb recorded");
    }
}
