package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.bench.LegacyDatabaseGenerator;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.PostgresDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeProgress;
import io.posdb.report.UpgradeStep;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The progress listener of the settings (issue 22 §4), on real upgrades of legacy shops. */
@ExtendWith(QuietLogs.class)
class UpgradeProgressTest {

    /** Enough users for the role remap's set-based run to take several steps. */
    private static final int USERS = 20_000;

    @TempDir
    Path dir;

    /** Every event as it came, in order. */
    static final class Recorded implements UpgradeProgress {
        record Event(String kind, String changeset, List<String> plan, String outcome, long done, long total,
                     Long estimate, String snapshot) {
        }

        final List<Event> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void plan(String operation, List<String> changesets) {
            events.add(new Event("plan:" + operation, null, changesets, null, 0, 0, null, null));
        }

        @Override
        public void changesetStarted(String changesetId) {
            events.add(new Event("started", changesetId, null, null, 0, 0, null, null));
        }

        @Override
        public void changesetFinished(String changesetId, String outcome, long durationMillis) {
            assertThat(durationMillis).isNotNegative();
            events.add(new Event("finished", changesetId, null, outcome, 0, 0, null, null));
        }

        @Override
        public void rows(String changesetId, long done, long total, Long estimatedMillisLeft) {
            events.add(new Event("rows", changesetId, null, null, done, total, estimatedMillisLeft, null));
        }

        @Override
        public void restoreStarted(String snapshot) {
            events.add(new Event("restoreStarted", null, null, null, 0, 0, null, snapshot));
        }

        @Override
        public void restoreFinished(String snapshot) {
            events.add(new Event("restoreFinished", null, null, null, 0, 0, null, snapshot));
        }

        List<String> kinds() {
            return events.stream().map(Event::kind).toList();
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aLegacyUpgradeTellsThePlanEachChangesetAndTheRemapsRowsWithAnEstimate(JournalMode mode) throws Exception {
        Path file = LegacyDatabaseGenerator.generate(dir.resolve("large.db"), USERS, 1_000);
        mode.apply(file);
        Recorded progress = new Recorded();
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).progress(progress).build();
        List<String> pending = PosDatabaseChecks.plan(settings).pending().stream().map(PendingChangeSet::id).toList();

        PosDatabase.upgrade(settings);

        List<Recorded.Event> events = progress.events;
        assertThat(events.get(0).kind()).isEqualTo("plan:upgrade");
        assertThat(events.get(0).plan()).isEqualTo(pending);
        // Each changeset of the plan, in its order: started, the rows of a data change, finished.
        List<String> started = events.stream().filter(e -> e.kind().equals("started")).map(Recorded.Event::changeset)
                .toList();
        assertThat(started).isEqualTo(pending);
        String current = null;
        for (Recorded.Event event : events.subList(1, events.size())) {
            switch (event.kind()) {
                case "started" -> {
                    assertThat(current).as("a changeset starts after the one before finished").isNull();
                    current = event.changeset();
                }
                case "rows" -> assertThat(event.changeset()).as("rows inside their changeset").isEqualTo(current);
                case "finished" -> {
                    assertThat(event.changeset()).isEqualTo(current);
                    assertThat(event.outcome()).isIn("EXECUTED", "MARK_RAN");
                    current = null;
                }
                default -> throw new AssertionError("unexpected event " + event);
            }
        }
        List<Recorded.Event> rows = events.stream().filter(e -> e.kind().equals("rows")).toList();
        assertThat(rows).as("the remap's rows, in several steps, not one per row").hasSizeBetween(3, USERS / 100);
        assertThat(rows).extracting(Recorded.Event::changeset).containsOnly("0008-remap-user-roles");
        assertThat(rows).extracting(Recorded.Event::total).containsOnly(count(file, "SELECT COUNT(*) FROM \"user\""));
        assertThat(rows).extracting(Recorded.Event::estimate).doesNotContainNull();
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).done()).as("done only grows").isGreaterThan(rows.get(i - 1).done());
        }
        assertThat(rows.get(rows.size() - 1).done()).isEqualTo(rows.get(0).total());
        assertThat(rows.get(rows.size() - 1).estimate()).isZero();
        assertThat(progress.kinds()).doesNotContain("restoreStarted", "restoreFinished");
    }

    @Test
    void aFailedUpgradeTellsOfItsRestoreAfterTheFailedChangeset() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Path changelog = Changelogs.withFailingChangeSet(dir.resolve("changelog"));
        Recorded progress = new Recorded();

        assertThatThrownBy(() -> PosDatabase.upgrade(PosDatabaseSettings.sqlite(file)
                .changelog(ChangelogSource.file(changelog)).progress(progress).build()))
                .isInstanceOf(PosDatabaseException.class);

        List<Recorded.Event> events = progress.events;
        Recorded.Event failed = events.stream().filter(e -> e.kind().equals("finished")
                && e.changeset().equals("0099-add-loyalty")).findFirst().orElseThrow();
        assertThat(failed.outcome()).isEqualTo(UpgradeStep.FAILED);
        List<String> kinds = progress.kinds();
        assertThat(kinds.subList(kinds.indexOf("restoreStarted"), kinds.size()))
                .containsExactly("restoreStarted", "restoreFinished");
        assertThat(events.indexOf(failed)).isLessThan(kinds.indexOf("restoreStarted"));
        assertThat(events.get(kinds.indexOf("restoreStarted")).snapshot()).startsWith("legacy.db.")
                .endsWith(".snapshot").isEqualTo(events.get(kinds.indexOf("restoreFinished")).snapshot());
    }

    @Test
    @Tag("postgres")
    void aServerUpgradeTellsThePlanAndEachChangesetStartedAndFinishedInItsOrder() throws Exception {
        PostgresDatabase database = PostgresServer.createDatabase();
        try {
            Recorded progress = new Recorded();
            PosDatabaseSettings settings = PosDatabaseSettings.of(database).progress(progress).build();
            List<String> pending = PosDatabaseChecks.plan(settings).pending().stream().map(PendingChangeSet::id)
                    .toList();

            PosDatabase.upgrade(settings);

            assertThat(progress.events.get(0).kind()).isEqualTo("plan:upgrade");
            assertThat(progress.events.get(0).plan()).isEqualTo(pending);
            List<String> expected = new ArrayList<>(List.of("plan:upgrade"));
            pending.forEach(id -> expected.addAll(List.of("started", "finished")));
            assertThat(progress.kinds()).isEqualTo(expected);
            assertThat(progress.events).filteredOn(e -> e.kind().equals("finished"))
                    .extracting(Recorded.Event::changeset).isEqualTo(pending);
        } finally {
            PostgresServer.drop(database);
        }
    }

    @Test
    void aListenerThatThrowsDoesNotFailTheUpgrade() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        UpgradeProgress throwing = new UpgradeProgress() {
            @Override
            public void changesetStarted(String changesetId) {
                throw new IllegalStateException("the splash screen is gone");
            }
        };

        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).progress(throwing).build());

        assertThat(PosDatabaseChecks.plan(PosDatabaseSettings.sqlite(file).build()).upToDate()).isTrue();
    }

    @Test
    void anUpToDateUpgradeTellsNothing() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).build());
        Recorded progress = new Recorded();

        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).progress(progress).build());

        assertThat(progress.events).isEmpty();
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
