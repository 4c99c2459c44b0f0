package io.posdb.cli;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.TillDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeProgress;
import io.posdb.report.UpgradeStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "boot",
        description = "The application's startup path: apply pending changesets (all or nothing), then validate "
                + "the schema with Hibernate. Exit 0 when ready; see the exit codes of posdb --help.")
class BootCommand extends DatabaseCommand {

    @Mixin
    UpgradeOptions upgrade;

    @Option(names = "--strict-schema",
            description = "Refuse to start (exit 12) when the schema drifted from what the applied changesets produce.")
    boolean strictSchema;

    record Result(String database, boolean ok, boolean ready, List<AppliedChangeSet> applied,
                  Map<String, Object> reports) implements CommandResult {
        @Override
        public String text() {
            return AppliedChangeSets.text(applied) + System.lineSeparator() + "Ready.";
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        known(new Result(database.description(), false, false, List.of(), Map.of()));
        StillApplied stillApplied = new StillApplied();
        // The command line boots exactly as an application does, through the library's entry point.
        PosDatabaseSettings settings = upgrade.settings(spec, database, stillApplied::around)
                .strictSchema(strictSchema).build();
        try (PosDatabase booted = PosDatabase.boot(settings)) {
            return new Result(database.description(), true, true, booted.applied(),
                    AppliedChangeSets.reports(booted.applied()));
        } catch (PosDatabaseException e) {
            // A failed boot of a file applied nothing: it is restored to what it was. A server keeps what its
            // upgrade committed (the message names them), and --json's result lists them too.
            known(new Result(database.description(), false, false, stillApplied.changeSets(), Map.of()));
            throw e;
        }
    }

    /**
     * The changesets the boot's upgrade committed and no restore took back, as the progress events tell
     * them: what a failed boot leaves applied. Only their ids and outcomes are known here (the file is
     * null); every event goes on to the listener {@code --progress} shows.
     */
    private static final class StillApplied {

        private final List<AppliedChangeSet> committed = new ArrayList<>();

        synchronized List<AppliedChangeSet> changeSets() {
            return List.copyOf(committed);
        }

        UpgradeProgress around(UpgradeProgress shown) {
            return new UpgradeProgress() {
                @Override
                public void plan(String operation, List<String> changesets) {
                    shown.plan(operation, changesets);
                }

                @Override
                public void changesetStarted(String changesetId) {
                    shown.changesetStarted(changesetId);
                }

                @Override
                public void changesetFinished(String changesetId, String outcome, long durationMillis) {
                    if (!outcome.equals(UpgradeStep.FAILED)) { // EXECUTED, MARK_RAN: committed
                        synchronized (StillApplied.this) {
                            committed.add(new AppliedChangeSet(changesetId, null, outcome, null, null));
                        }
                    }
                    shown.changesetFinished(changesetId, outcome, durationMillis);
                }

                @Override
                public void rows(String changesetId, long done, long total, Long estimatedMillisLeft) {
                    shown.rows(changesetId, done, total, estimatedMillisLeft);
                }

                @Override
                public void restoreStarted(String snapshot) {
                    shown.restoreStarted(snapshot);
                }

                @Override
                public void restoreFinished(String snapshot) {
                    synchronized (StillApplied.this) {
                        committed.clear(); // the file is back as it was before the upgrade
                    }
                    shown.restoreFinished(snapshot);
                }
            };
        }
    }
}
